"""Fixed texts of the documents (PDF, workbook, bundle), in one place and in the one catalogue
(``qjsc_panel/locale/en.po``, context ``document``).  Texts computed from the data live in
:mod:`qjsc_panel.reports.opinion`."""

from __future__ import annotations

from qjsc_panel import i18n
from qjsc_panel.domain.formats import conflict_label, role_label
from qjsc_panel.domain.panel import Conflict, Role

# The documents are filed with the bureau in Chinese: every text is rendered in the source
# language.  English lives in the catalogue (context ``document``) beside every other text, for
# a screen that names these parts (label()).
DOC = i18n.SOURCE


def label(text: str, lang: str | None = None) -> str:
    """One of these texts as a screen shows it (the current language unless told)."""
    return i18n.translate("document", text, lang)


TITLE_SUFFIX = i18n.translate("document", "自愿性清洁生产审核验收意见", DOC)
NUMBER_LABEL = i18n.translate("document", "验收编号", DOC)

# Roles and conflicts: one wording in every output, the catalogue's (qjsc_panel.domain.formats).
ROLE_ZH = {r.value: role_label(r.value, "zh", full=True) for r in Role}
ROLE_SHORT = {r.value: role_label(r.value, "zh") for r in Role}
CONFLICT_ZH = {c.value: conflict_label(c.value, "zh") for c in Conflict}

# (file name in the bundle, attachment title)
ATTACHMENTS = [
    i18n.translate("document", "专家签到表", DOC),
    i18n.translate("document", "回避记录", DOC),
    i18n.translate("document", "否决项核查表", DOC),
    i18n.translate("document", "专家评分表", DOC),
    i18n.translate("document", "各评分项平均得分率图", DOC),
]
ATTACHMENT_LABEL = i18n.translate("document", "附件：", DOC)
# Captions of the tables in the opinion's body: 表1　方案实施情况, …
TABLE_LABEL = i18n.translate("document", "表", DOC)
MEASURES_CAPTION = i18n.translate("document", "清洁生产方案实施情况", DOC)
TARGETS_CAPTION = i18n.translate("document", "清洁生产目标完成情况", DOC)

SIGNIN_HEAD = (
    i18n.translate("document", "序号", DOC),
    i18n.translate("document", "姓名", DOC),
    i18n.translate("document", "工作单位", DOC),
    i18n.translate("document", "职称／专业", DOC),
    i18n.translate("document", "联系电话", DOC),
    i18n.translate("document", "身份", DOC),
    i18n.translate("document", "签名", DOC),
)
SIGNIN_NOTE = i18n.translate(
    "document",
    "注：专家以本人签名确认到会；市、区工业和信息化主管部门工作人员列席并签名，不参与评分。"
    "电子签名所用证书的登记方式见签署页。",
    DOC,
)
RECUSAL_HEAD = (
    i18n.translate("document", "序号", DOC),
    i18n.translate("document", "姓名", DOC),
    i18n.translate("document", "身份", DOC),
    i18n.translate("document", "申报的利益关系", DOC),
    i18n.translate("document", "回避原因", DOC),
)
RECUSAL_NONE = i18n.translate("document", "本次验收无成员回避。", DOC)
VETO_HEAD = (
    i18n.translate("document", "序号", DOC),
    i18n.translate("document", "直接判定不合格的情形", DOC),
    i18n.translate("document", "依据", DOC),
    i18n.translate("document", "核查结果", DOC),
    i18n.translate("document", "提议与处理", DOC),
)
VETO_NOTE = i18n.translate("document", "注：任一情形核查结果为“是”，直接判定验收结果为不合格（第二十二条）。", DOC)
VETO_VERDICT = {
    "confirmed": i18n.translate("document", "确认", DOC),
    "dismissed": i18n.translate("document", "驳回", DOC),
}
SCORE_HEAD = (
    i18n.translate("document", "编号", DOC),
    i18n.translate("document", "评分项", DOC),
    i18n.translate("document", "分值", DOC),
)
SCORE_MEAN = i18n.translate("document", "平均分", DOC)
SCORE_TOTAL = i18n.translate("document", "合计", DOC)
CHART_TITLE = i18n.translate("document", "平均得分率（平均分 ÷ 分值，%）", DOC)
CHART_AXIS = i18n.translate("document", "评分项", DOC)

SIGN_TITLE = i18n.translate("document", "专家组签署页", DOC)
SIGN_TITLE_MORE = i18n.translate("document", "专家组签署页（续）", DOC)
SIGN_INTRO = i18n.translate(
    "document",
    "本验收意见以电子签名签署：专家组组长先签，专家组成员依次签署。"
    "每个签名框对应一个电子签名字段，签名后任何改动都会使签名失效。",
    DOC,
)
SIGN_CHAIR = i18n.translate("document", "专家组组长", DOC)
SIGN_MEMBER = i18n.translate("document", "专家组成员", DOC)
VERIFY_TITLE = i18n.translate("document", "核验说明", DOC)
CERT_NOTE = i18n.translate(
    "document",
    "电子签名证书：各专家的签名密钥在本人电脑上生成，由专家组组长在验收会现场当面核对身份后签发证书（证书登记指纹见下表，亦载于报送包）。",
    DOC,
)
VERIFY_STEPS = i18n.translate(
    "document",
    "核验方法：（1）在任一 PDF 阅读器的“签名”面板中查看各签名，应显示签名有效、文档自签名后未被修改；"
    "（2）运行 qjsc-panel verify-pdf 本文件，将列出每个签名的签署人、是否有效、是否受信任，并打印本页的结果摘要；"
    "（3）持有报送包者可计算其中“验收结果.json”的 SHA-256，应与本页的结果摘要一致，"
    "或运行 qjsc-panel bundle verify 报送包。",
    DOC,
)
QR_NOTE = i18n.translate(
    "document", "二维码内容：QJSC1｜验收编号｜验收标识｜结果摘要，与本页文字相同，供扫码核对。", DOC
)
