"""Fixed texts of the documents (PDF, workbook, bundle), in one place so that a translation
catalogue can take them over later.  Texts computed from the data live in
:mod:`qjsc_panel.reports.opinion`."""

from __future__ import annotations

TITLE_SUFFIX = "自愿性清洁生产审核验收意见"
NUMBER_LABEL = "验收编号"

ROLE_ZH = {"expert": "专家", "bureau": "市工业和信息化局", "district": "区工业和信息化主管部门"}
ROLE_SHORT = {"expert": "专家", "bureau": "市工信局", "district": "区工信部门"}
CONFLICT_ZH = {
    "employed_by_enterprise": "受雇于被验收企业",
    "consulted_for_enterprise": "为被验收企业提供过咨询",
    "employed_by_consultancy": "受雇于咨询服务机构",
    "consulted_for_consultancy": "为咨询服务机构提供过服务",
    "kinship": "亲属关系",
    "financial_interest": "经济利益关系",
    "other": "其他利益关系",
}

# (file name in the bundle, attachment title)
ATTACHMENTS = [
    "专家签到表",
    "回避记录",
    "否决项核查表",
    "专家评分表",
    "各评分项平均得分率图",
]
ATTACHMENT_LABEL = "附件："

SIGNIN_HEAD = ("序号", "姓名", "工作单位", "职称／专业", "联系电话", "身份", "签名")
SIGNIN_NOTE = (
    "注：专家以本人签名确认到会；市、区工业和信息化主管部门工作人员列席并签名，不参与评分。"
    "电子签名所用证书的登记方式见签署页。"
)
RECUSAL_HEAD = ("序号", "姓名", "身份", "申报的利益关系", "回避原因")
RECUSAL_NONE = "本次验收无成员回避。"
VETO_HEAD = ("序号", "直接判定不合格的情形", "依据", "核查结果", "提议与处理")
VETO_NOTE = "注：任一情形核查结果为“是”，直接判定验收结果为不合格（第二十二条）。"
VETO_VERDICT = {"confirmed": "确认", "dismissed": "驳回"}
SCORE_HEAD = ("编号", "评分项", "分值")
SCORE_MEAN = "平均分"
SCORE_TOTAL = "合计"
CHART_TITLE = "平均得分率（平均分 ÷ 分值，%）"
CHART_AXIS = "评分项"

SIGN_TITLE = "专家组签署页"
SIGN_TITLE_MORE = "专家组签署页（续）"
SIGN_INTRO = (
    "本验收意见以电子签名签署：专家组组长先签，专家组成员依次签署。"
    "每个签名框对应一个电子签名字段，签名后任何改动都会使签名失效。"
)
SIGN_CHAIR = "专家组组长"
SIGN_MEMBER = "专家组成员"
VERIFY_TITLE = "核验说明"
CERT_NOTE = (
    "电子签名证书：各专家的签名密钥在本人电脑上生成，由专家组组长在验收会现场当面核对身份后签发证书"
    "（证书登记指纹见下表，亦载于报送包）。"
)
VERIFY_STEPS = (
    "核验方法：（1）在任一 PDF 阅读器的“签名”面板中查看各签名，应显示签名有效、文档自签名后未被修改；"
    "（2）运行 qjsc-panel verify-pdf 本文件，将列出每个签名的签署人、是否有效、是否受信任，"
    "并打印本页的结果摘要；（3）持有报送包者可计算其中“验收结果.json”的 SHA-256，应与本页的结果摘要一致，"
    "或运行 qjsc-panel bundle verify 报送包。"
)
QR_NOTE = "二维码内容：QJSC1｜验收编号｜验收标识｜结果摘要，与本页文字相同，供扫码核对。"
