<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CollectDialog</name>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="100" />
        <source>收取评分表</source>
        <translation>Collect score sheets</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="103" />
        <source>把专家的评分包（.qjsc）和 Excel 评分表（.xlsx）拖到这里，或选择文件、整个文件夹（U 盘）。评分包在一次导入中逐个核验签名与加密；Excel 表未签名，须选定成员并与其签字的纸质件逐项核对后勾选。</source>
        <translation>Drop the experts' packages (.qjsc) and Excel sheets (.xlsx) here, or choose files or a whole folder (USB stick). Packages are verified one by one (signature, encryption) in a single import; an Excel sheet is unsigned: pick the member and tick it once you have checked it item by item against the member's signed paper copy.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="107" />
        <source>选择文件(&amp;F)…</source>
        <translation>Choose &amp;files…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="108" />
        <source>选择文件夹(&amp;D)…</source>
        <translation>Choose fol&amp;der…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="109" />
        <source>专家组密钥口令(&amp;P)：</source>
        <translation>&amp;Panel key passphrase:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="110" />
        <source>导入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="111" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="113" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="113" />
        <source>专家 / 成员</source>
        <translation>Expert / member</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="113" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="113" />
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="113" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="127" />
        <source>选择评分包或 Excel 评分表</source>
        <translation>Choose packages or Excel sheets</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="127" />
        <source>评分表 (*.qjsc *.xlsx)</source>
        <translation>Score sheets (*.qjsc *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="132" />
        <source>选择文件夹</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="143" />
        <source>待导入</source>
        <translation>to import</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="149" />
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="194" />
        <source>不受理</source>
        <translation>not accepted</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="149" />
        <source>不是评分包（.qjsc）或 Excel 评分表（.xlsx）</source>
        <translation>not a score package (.qjsc) or Excel sheet (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="183" />
        <source>已与签字纸质件逐项核对</source>
        <translation>Checked against the signed paper copy</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="198" />
        <source>待核对（Excel）</source>
        <translation>to confirm (Excel)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="211" />
        <source>请输入专家组密钥的口令</source>
        <translation>Enter the panel key's passphrase</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="249" />
        <source>已导入</source>
        <translation>imported</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="250" />
        <source>已导入（更正版本）</source>
        <translation>imported (correction)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="251" />
        <source>重复，未改变</source>
        <translation>duplicate, nothing changed</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="252" />
        <source>拒收</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/collect.py" line="261" />
        <source>共 {0} 个文件：导入 {1}，重复 {2}，拒收 {3}</source>
        <translation>{0} file(s): {1} imported, {2} duplicate, {3} refused</translation>
    </message>
</context>
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
        <location filename="../../qjsc_panel/ui/screens/declaration.py" line="149" />
        <source>声明已签署并保存</source>
        <translation>Declaration signed and saved</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="82" />
        <source>{0}，您好</source>
        <translation>Hello, {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="85" />
        <source>下面是您参加的验收。收到组长发来的验收邀请文件后，请点“导入验收邀请”。组长还没有您的公钥时，请先点“我的公钥”导出并当面核对指纹。</source>
        <translation>These are the acceptances you sit on. When the chair sends you an invitation file, click "Import invitation". If the chair does not have your public key yet, click "My public key" first to export it and check the fingerprint face to face.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="90" />
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="90" />
        <source>验收日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="90" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="90" />
        <source>验收编号</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="92" />
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="93" />
        <source>导入验收邀请(&amp;I)…</source>
        <translation>&amp;Import invitation…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="94" />
        <source>我的公钥(&amp;K)…</source>
        <translation>My public &amp;key…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="104" />
        <source>已定稿</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="106" />
        <source>已回避</source>
        <translation>Recused</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="108" />
        <source>待签署声明</source>
        <translation>Declaration due</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="110" />
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="112" />
        <source>评分中</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="113" />
        <source>待评分</source>
        <translation>Not yet scored</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="148" />
        <source>选择验收邀请文件</source>
        <translation>Choose the invitation file</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="148" />
        <source>验收邀请 (*.qjsc-invite *.json);;所有文件 (*)</source>
        <translation>Invitations (*.qjsc-invite *.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/home.py" line="162" />
        <source>已导入验收邀请</source>
        <translation>Invitation imported</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="95" />
        <source>专家登录</source>
        <translation>Expert sign-in</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="97" />
        <source>请选择您在本机的专家档案并输入口令。多位专家共用一台电脑时，每人的评分只有凭本人口令才能打开。</source>
        <translation>Choose your expert profile on this computer and enter your passphrase. When experts share a computer, each sheet opens only with its own expert's passphrase.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="99" />
        <source>本机的专家档案</source>
        <translation>Expert profiles on this computer</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="100" />
        <location filename="../../qjsc_panel/ui/screens/login.py" line="104" />
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="101" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="102" />
        <source>首次使用：新建专家档案</source>
        <translation>First time here: create your profile</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="103" />
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="105" />
        <source>再次输入：</source>
        <translation>Repeat:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="106" />
        <source>新建档案</source>
        <translation>Create profile</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="154" />
        <source>欢迎，{0}</source>
        <translation>Welcome, {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/login.py" line="170" />
        <source>已新建档案：{0}（指纹 {1}）</source>
        <translation>Profile created: {0} (fingerprint {1})</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="84" />
        <source>清洁生产审核验收 · 专家评分</source>
        <translation>Cleaner-production audit acceptance · Expert scoring</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="85" />
        <source>正在加载……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="86" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="87" />
        <source>导入验收邀请(&amp;I)…</source>
        <translation>&amp;Import invitation…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="88" />
        <source>退出登录(&amp;L)</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="89" />
        <source>组长工作台(&amp;D)…</source>
        <translation>Chair's &amp;dashboard…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="90" />
        <source>收取评分表(&amp;C)…</source>
        <translation>&amp;Collect score sheets…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="91" />
        <source>我的公钥(&amp;K)…</source>
        <translation>My public &amp;key…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="92" />
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="93" />
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="94" />
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="95" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="96" />
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="123" />
        <location filename="../../qjsc_panel/ui/main_window.py" line="163" />
        <source>当前登录的密钥不是任何验收的组长密钥</source>
        <translation>The key you are logged in with chairs no acceptance</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="128" />
        <location filename="../../qjsc_panel/ui/main_window.py" line="134" />
        <location filename="../../qjsc_panel/ui/main_window.py" line="153" />
        <source>组长工作台</source>
        <translation>Chair's dashboard</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="128" />
        <location filename="../../qjsc_panel/ui/main_window.py" line="153" />
        <source>选择验收：</source>
        <translation>Choose the acceptance:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="175" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="177" />
        <source>深圳市自愿性清洁生产审核验收专家评分工具
依据深工信规〔2025〕5号。
中文字体：霞鹜文楷（LXGW WenKai，SIL OFL 1.1）。</source>
        <translation>Expert scoring tool for Shenzhen voluntary cleaner-production audit acceptances
under 深工信规〔2025〕5号.
Chinese font: LXGW WenKai (SIL OFL 1.1).</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/main_window.py" line="283" />
        <source>已退出登录</source>
        <translation>Signed out</translation>
    </message>
</context>
<context>
    <name>MyKeyScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="63" />
        <source>我的公钥</source>
        <translation>My public key</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="66" />
        <source>组长登记您的公钥后，才能向您发出验收邀请。请把公钥文件导出到 U 盘交给组长，并当面逐组念出下面的指纹，请组长与其屏幕上显示的指纹核对一致。公钥不是秘密，无需口令。</source>
        <translation>The chair can invite you only after enrolling your public key. Export the public key file to a USB stick for the chair and, face to face, read out the fingerprint below group by group while the chair checks it against the one on the chair's screen. The public key is not a secret: no passphrase is needed.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="70" />
        <source>密钥指纹（SHA-256）：</source>
        <translation>Key fingerprint (SHA-256):</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="71" />
        <source>导出公钥文件(&amp;E)…</source>
        <translation>&amp;Export public key file…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="72" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="84" />
        <source>姓名：{0}</source>
        <translation>Name: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="91" />
        <source>导出公钥文件</source>
        <translation>Export public key file</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="91" />
        <source>公钥 (*.pem)</source>
        <translation>Public key (*.pem)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/mykey.py" line="102" />
        <source>公钥已导出：{0}。请交给组长，并当面核对指纹。</source>
        <translation>Public key exported: {0}. Give it to the chair and check the fingerprint face to face.</translation>
    </message>
</context>
<context>
    <name>OutlierDialog</name>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="87" />
        <source>{0} 的总分 {1}，偏离 {2}，超出允许范围。</source>
        <translation>{0}'s total {1} deviates {2}, beyond the allowed range.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="91" />
        <source>处理异常评分</source>
        <translation>Decide the outlier</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="94" />
        <source>保留该评分并说明理由</source>
        <translation>Keep the sheet and justify it</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="94" />
        <source>该评分照常计入平均分，理由写入验收记录。</source>
        <translation>The sheet counts in the mean as usual; the justification goes into the record.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="96" />
        <source>要求该专家重新评分</source>
        <translation>Ask the expert to re-score</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="97" />
        <source>记录组长的要求；专家提交更正版本后取代该评分，届时重新判断是否异常。</source>
        <translation>The chair's request is recorded; the expert's corrected version replaces the sheet and is checked again.</translation>
    </message>
</context>
<context>
    <name>ProfileScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="70" />
        <source>核对个人信息</source>
        <translation>Check your details</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="72" />
        <source>以下信息来自组长的验收邀请，将印在专家签到表上。如有错误，请告知组长更正后重新发送邀请。</source>
        <translation>These details come from the chair's invitation and will be printed on the sign-in sheet. If anything is wrong, ask the chair to correct it and send the invitation again.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="75" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="76" />
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="77" />
        <source>职称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="78" />
        <source>职称级别</source>
        <translation>Title level</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="79" />
        <source>从业年限</source>
        <translation>Years of practice</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="80" />
        <source>专业</source>
        <translation>Speciality</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="81" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="84" />
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="85" />
        <source>信息无误，下一步(&amp;N)</source>
        <translation>Correct, &amp;next</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="86" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="96" />
        <source>高级</source>
        <translation>Senior</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="96" />
        <source>中级</source>
        <translation>Intermediate</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/profile.py" line="96" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>ScoringModel</name>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="120" />
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="120" />
        <source>评分项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="120" />
        <source>分值</source>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="120" />
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="120" />
        <source>评语</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="139" />
        <source>{0}（{1} 分）</source>
        <translation>{0} ({1} points)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/scoring_model.py" line="161" />
        <source>0 至 {0} 分，步长 {1}</source>
        <translation>0 to {0} points, in steps of {1}</translation>
    </message>
</context>
<context>
    <name>ScoringScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="240" />
        <source>评分：{0}</source>
        <translation>Scoring: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="241" />
        <source>否决项检查（第二十二条）：如发现，请写明事实依据后提出</source>
        <translation>Veto checklist (Art. 22): if you find one, state the evidence and propose it</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="243" />
        <source>提交评分表(&amp;S)…</source>
        <translation>&amp;Submit the sheet…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="244" />
        <source>再次导出签名文件(&amp;E)…</source>
        <translation>&amp;Export the signed file again…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="245" />
        <source>更正(&amp;C)…</source>
        <translation>&amp;Correct…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="246" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="247" />
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="248" />
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="259" />
        <source>本评分表（版本 {0}）已提交，只读。如需更正，请点“更正”，说明原因后生成新版本。</source>
        <translation>This sheet (version {0}) is submitted and read-only. To correct it, click "Correct" and give a reason; a new version is made.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="265" />
        <source>更正稿：版本 {0}（取代版本 {1}）。更正原因：{2}。修改后请重新提交。</source>
        <translation>Correction draft: version {0} (replaces version {1}). Reason: {2}. Submit again when done.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="272" />
        <source>否决项检查（第二十二条）(&amp;V)</source>
        <translation>&amp;Veto checks (Art. 22)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="290" />
        <source>（无评分要点）</source>
        <translation>(no checkpoints)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="292" />
        <source>{0} {1}（{2} 分）
评分要点：{3}</source>
        <translation>{0} {1} ({2} points)
Checkpoints: {3}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="391" />
        <source>事实依据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="392" />
        <source>提出否决</source>
        <translation>Propose veto</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="394" />
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="430" />
        <source>已提出</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="417" />
        <source>合计 {0} / {1} 分    已评 {2} / {3} 项</source>
        <translation>Total {0} / {1}    {2} of {3} items scored</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="433" />
        <source>否决项 {0} 已提出，待组长确认</source>
        <translation>Veto {0} proposed; the chair will decide</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="448" />
        <source>更正评分表</source>
        <translation>Correct the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="448" />
        <source>请说明更正原因：</source>
        <translation>Reason for the correction:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/scoring.py" line="460" />
        <source>已生成更正版本，请修改后重新提交</source>
        <translation>A correction version was made; change it and submit again</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="111" />
        <source>提交评分表</source>
        <translation>Submit the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="114" />
        <source>请核对下列得分。提交后评分表不能再修改（更正须说明原因并生成新版本）。签名评分文件将写入您选择的文件夹（如 U 盘），请交给组长。</source>
        <translation>Check the scores below. Once submitted the sheet cannot be changed (a correction needs a reason and makes a new version). The signed sheet file is written to the folder you choose (e.g. a USB stick); hand it to the chair.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="118" />
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="118" />
        <source>评分项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="118" />
        <source>分值</source>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="118" />
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="119" />
        <source>保存到文件夹：</source>
        <translation>Save to folder:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="120" />
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="121" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="128" />
        <source>返回(&amp;B)</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="130" />
        <source>再次导出签名文件(&amp;E)</source>
        <translation>&amp;Export the signed file again</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="131" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="133" />
        <source>确认提交并签名(&amp;S)</source>
        <translation>&amp;Submit and sign</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="134" />
        <source>返回修改</source>
        <translation>Back to the sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="162" />
        <source>未评</source>
        <translation>not scored</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="172" />
        <source>合计 {0} / {1} 分</source>
        <translation>Total {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="180" />
        <source>还有 {0} 项未评分：{1}。请返回补全后再提交。</source>
        <translation>{0} item(s) not scored yet: {1}. Go back and complete them before submitting.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="186" />
        <source>选择保存签名评分文件的文件夹</source>
        <translation>Choose the folder for the signed sheet</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="214" />
        <source>评分表已提交并签名，文件已保存：{0}</source>
        <translation>Sheet submitted and signed; file saved: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/screens/submit.py" line="215" />
        <source>评分表已提交</source>
        <translation>Sheet submitted</translation>
    </message>
</context>
<context>
    <name>VetoDialog</name>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="67" />
        <source>否决项 {0}（提议人：{1}）
事实依据：{2}</source>
        <translation>Veto item {0} (proposed by {1})
Evidence: {2}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="71" />
        <source>处理否决项提议</source>
        <translation>Decide the veto proposal</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="74" />
        <source>驳回</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="74" />
        <source>该提议不影响结论，验收结果仍按评分确定。</source>
        <translation>The proposal does not affect the conclusion: the result follows the scores.</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="75" />
        <source>确认否决</source>
        <translation>Confirm the veto</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="75" />
        <source>确认后本次验收结论为“不合格”（第二十二条），不论得分多少。</source>
        <translation>Once confirmed the acceptance fails (Art. 22), whatever the scores.</translation>
    </message>
</context>
<context>
    <name>_Decision</name>
    <message>
        <location filename="../../qjsc_panel/ui/chair/decisions.py" line="44" />
        <source>理由（必填，记入审计日志）：</source>
        <translation>Reason (required, written to the audit log):</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="77" />
        <source>程序出错</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="78" />
        <source>程序遇到意外错误：{0}</source>
        <translation>The program hit an unexpected error: {0}</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="79" />
        <source>（日志无法写入）</source>
        <translation>(the log could not be written)</translation>
    </message>
    <message>
        <location filename="../../qjsc_panel/ui/crash.py" line="81" />
        <source>已保存的评分不受影响。请把日志文件交给技术人员：
{0}</source>
        <translation>Scores already saved are safe. Please give this log file to your IT contact:
{0}</translation>
    </message>
</context>
</TS>