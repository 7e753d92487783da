<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>DeclarationScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="99" />
        <source>利益冲突与保密声明</source>
        <translation>Conflict-of-interest and confidentiality declaration</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="102" />
        <source>验收企业：{0}。请如实勾选您与该企业或其咨询服务机构之间存在的关系。勾选任何一项即须回避，不参加本次评分。</source>
        <translation>Enterprise: {0}. Tick every relationship you have with the enterprise or its consultancy. Any tick means you recuse yourself and do not score this acceptance.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="106" />
        <source>利益关系（没有则不勾选）</source>
        <translation>Relationships (leave all unticked if none)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="109" />
        <source>说明（勾选“其他”时必填）：</source>
        <translation>Note (required if you tick "other"):</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="110" />
        <source>本人承诺对验收中知悉的企业技术和商业秘密保密（第十二条）</source>
        <translation>I undertake to keep the enterprise's technical and business secrets confidential (Art. 12)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="111" />
        <source>签署声明(&amp;S)</source>
        <translation>&amp;Sign the declaration</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="112" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="115" />
        <source>您已回避本次验收（{0}），不能评分。您的声明已记录，请告知组长。</source>
        <translation>You have recused yourself from this acceptance ({0}) and cannot score. Your declaration is on record; please tell the chair.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="144" />
        <source>声明已签署并保存</source>
        <translation>Declaration signed and saved</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="80" />
        <source>{0}，您好</source>
        <translation>Hello, {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="81" />
        <source>下面是您参加的验收。收到组长发来的验收邀请文件后，请点“导入验收邀请”。</source>
        <translation>These are the acceptances you sit on. When the chair sends you an invitation file, click "Import invitation".</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="83" />
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="83" />
        <source>验收日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="83" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="83" />
        <source>验收编号</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="85" />
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="86" />
        <source>导入验收邀请(&amp;I)…</source>
        <translation>&amp;Import invitation…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="91" />
        <source>已定稿</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="93" />
        <source>已回避</source>
        <translation>Recused</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="95" />
        <source>待签署声明</source>
        <translation>Declaration due</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="97" />
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="99" />
        <source>评分中</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="100" />
        <source>待评分</source>
        <translation>Not yet scored</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="135" />
        <source>选择验收邀请文件</source>
        <translation>Choose the invitation file</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="135" />
        <source>验收邀请 (*.qjsc-invite *.json);;所有文件 (*)</source>
        <translation>Invitations (*.qjsc-invite *.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="142" />
        <source>正在导入验收邀请</source>
        <translation>Importing the invitation</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="152" />
        <source>已导入验收邀请</source>
        <translation>Invitation imported</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="97" />
        <source>专家登录</source>
        <translation>Expert sign-in</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="99" />
        <source>请选择您在本机的专家档案并输入口令。多位专家共用一台电脑时，每人的评分只有凭本人口令才能打开。</source>
        <translation>Choose your expert profile on this computer and enter your passphrase. When experts share a computer, each sheet opens only with its own expert's passphrase.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="101" />
        <source>本机的专家档案</source>
        <translation>Expert profiles on this computer</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="102" />
        <location filename="../../qjsc_panel/ui/screens/login.py" line="106" />
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="103" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="104" />
        <source>首次使用：新建专家档案</source>
        <translation>First time here: create your profile</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="105" />
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="107" />
        <source>再次输入：</source>
        <translation>Repeat:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="108" />
        <source>新建档案</source>
        <translation>Create profile</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="149" />
        <source>欢迎，{0}</source>
        <translation>Welcome, {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="165" />
        <source>已新建档案：{0}（指纹 {1}）</source>
        <translation>Profile created: {0} (fingerprint {1})</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="88" />
        <source>清洁生产审核验收 · 专家评分</source>
        <translation>Cleaner-production audit acceptance · Expert scoring</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="89" />
        <source>正在加载……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="90" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="91" />
        <source>导入验收邀请(&amp;I)…</source>
        <translation>&amp;Import invitation…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="92" />
        <source>退出登录(&amp;L)</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="93" />
        <source>组长工作台(&amp;D)…</source>
        <translation>Chair's &amp;dashboard…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="94" />
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="95" />
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="96" />
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="97" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="98" />
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="118" />
        <source>本机还没有验收记录</source>
        <translation>No acceptance is recorded on this laptop yet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="122" />
        <location filename="../../qjsc_panel/ui/main_window.py" line="128" />
        <source>组长工作台</source>
        <translation>Chair's dashboard</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="122" />
        <source>选择验收：</source>
        <translation>Choose the acceptance:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="139" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="141" />
        <source>深圳市自愿性清洁生产审核验收专家评分工具
依据深工信规〔2025〕5号。
中文字体：霞鹜文楷（LXGW WenKai，SIL OFL 1.1）。</source>
        <translation>Expert scoring tool for Shenzhen voluntary cleaner-production audit acceptances
under 深工信规〔2025〕5号.
Chinese font: LXGW WenKai (SIL OFL 1.1).</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="182" />
        <source>正在等待 {0} 项操作完成……</source>
        <translation>Waiting for {0} operation(s) to finish…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="268" />
        <source>已退出登录</source>
        <translation>Signed out</translation>
    </message>
</context>
<context>
    <name>ProfileScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="71" />
        <source>核对个人信息</source>
        <translation>Check your details</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="73" />
        <source>以下信息来自组长的验收邀请，将印在专家签到表上。如有错误，请告知组长更正后重新发送邀请。</source>
        <translation>These details come from the chair's invitation and will be printed on the sign-in sheet. If anything is wrong, ask the chair to correct it and send the invitation again.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="76" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="77" />
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="78" />
        <source>职称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="79" />
        <source>职称级别</source>
        <translation>Title level</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="80" />
        <source>从业年限</source>
        <translation>Years of practice</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="81" />
        <source>专业</source>
        <translation>Speciality</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="82" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="85" />
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="86" />
        <source>信息无误，下一步(&amp;N)</source>
        <translation>Correct, &amp;next</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="87" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="92" />
        <source>高级</source>
        <translation>Senior</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="92" />
        <source>中级</source>
        <translation>Intermediate</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="92" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>ScoringModel</name>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="121" />
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="121" />
        <source>评分项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="121" />
        <source>分值</source>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="121" />
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="121" />
        <source>评语</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="140" />
        <source>{0}（{1} 分）</source>
        <translation>{0} ({1} points)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="162" />
        <source>0 至 {0} 分，步长 {1}</source>
        <translation>0 to {0} points, in steps of {1}</translation>
    </message>
</context>
<context>
    <name>ScoringScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="214" />
        <source>评分：{0}</source>
        <translation>Scoring: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="215" />
        <source>否决项检查（第二十二条）：如发现，请写明事实依据后提出</source>
        <translation>Veto checklist (Art. 22): if you find one, state the evidence and propose it</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="216" />
        <source>提交评分表(&amp;S)…</source>
        <translation>&amp;Submit the sheet…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="217" />
        <source>更正(&amp;C)…</source>
        <translation>&amp;Correct…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="218" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="219" />
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="220" />
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="231" />
        <source>本评分表（版本 {0}）已提交，只读。如需更正，请点“更正”，说明原因后生成新版本。</source>
        <translation>This sheet (version {0}) is submitted and read-only. To correct it, click "Correct" and give a reason; a new version is made.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="322" />
        <source>事实依据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="323" />
        <source>提出否决</source>
        <translation>Propose veto</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="325" />
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="357" />
        <source>已提出</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="344" />
        <source>合计 {0} / {1} 分    已评 {2} / {3} 项</source>
        <translation>Total {0} / {1}    {2} of {3} items scored</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="358" />
        <source>否决项 {0} 已提出，待组长确认</source>
        <translation>Veto {0} proposed; the chair will decide</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="373" />
        <source>更正评分表</source>
        <translation>Correct the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="373" />
        <source>请说明更正原因：</source>
        <translation>Reason for the correction:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="385" />
        <source>已生成更正版本，请修改后重新提交</source>
        <translation>A correction version was made; change it and submit again</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="110" />
        <source>提交评分表</source>
        <translation>Submit the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="113" />
        <source>请核对下列得分。提交后评分表不能再修改（更正须说明原因并生成新版本）。签名评分文件将写入您选择的文件夹（如 U 盘），请交给组长。</source>
        <translation>Check the scores below. Once submitted the sheet cannot be changed (a correction needs a reason and makes a new version). The signed sheet file is written to the folder you choose (e.g. a USB stick); hand it to the chair.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="117" />
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="117" />
        <source>评分项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="117" />
        <source>分值</source>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="117" />
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="118" />
        <source>保存到文件夹：</source>
        <translation>Save to folder:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="119" />
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="120" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="121" />
        <source>确认提交并签名(&amp;S)</source>
        <translation>&amp;Submit and sign</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="122" />
        <source>返回修改</source>
        <translation>Back to the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="145" />
        <source>未评</source>
        <translation>not scored</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="152" />
        <source>合计 {0} / {1} 分</source>
        <translation>Total {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="155" />
        <source>选择保存签名评分文件的文件夹</source>
        <translation>Choose the folder for the signed sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="172" />
        <source>正在提交评分表</source>
        <translation>Submitting the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="178" />
        <source>评分表已提交并签名，文件已保存：{0}</source>
        <translation>Sheet submitted and signed; file saved: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="179" />
        <source>评分表已提交</source>
        <translation>Sheet submitted</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="82" />
        <source>上次运行时程序意外退出。</source>
        <translation>The program stopped unexpectedly last time it ran.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="92" />
        <source>程序出错</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="93" />
        <source>程序遇到意外错误：{0}</source>
        <translation>The program hit an unexpected error: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="94" />
        <source>（日志无法写入）</source>
        <translation>(the log could not be written)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="96" />
        <source>已保存的评分不受影响。请把日志文件交给技术人员：
{0}</source>
        <translation>Scores already saved are safe. Please give this log file to your IT contact:
{0}</translation>
    </message>
</context>
</TS>