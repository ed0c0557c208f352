//! The end of a case's paper trail: the reminder and the application to the court when a
//! fine is not paid, and the cover and index of the case file (案卷封面与卷内目录).

use super::letters::{act_of, field, missing, not_yet, party_fields, penalty_text, you};
use super::{Agency, DocContent, DocKind, Extras, Table, written_date};
use crate::case::{Case, Outcome, Owed};
use crate::refusal::Refusal;

/// 《行政强制法》第三十五条: what a reminder must state — the period, the manner, a sum of
/// money with its amount and how to pay, and the right to state and defend.
pub const REMINDER_CONTENT: &str = "《行政强制法》第三十五条";
/// 《行政强制法》第五十五条: what an application to the court carries.
pub const COURT_APPLICATION_CONTENT: &str = "《行政强制法》第五十五条";

fn decision_line(case: &Case) -> Option<String> {
    let d = case.decision.as_ref()?;
    let Outcome::Punish { penalty } = &d.outcome else {
        return None;
    };
    Some(format!(
        "本机关于{}作出{}《行政处罚决定书》，对{}给予{}的行政处罚{}。",
        written_date(d.on),
        d.number,
        you(&case.party),
        penalty_text(penalty),
        case.service
            .as_ref()
            .map(|s| format!("，该决定书已于{}送达", written_date(s.on)))
            .unwrap_or_default()
    ))
}

fn owed_text(owed: &Owed) -> String {
    format!(
        "罚款{}，截至{}的加处罚款{}，合计{}",
        owed.fine,
        written_date(owed.on),
        owed.late_fee,
        owed.fine.saturating_add(owed.late_fee)
    )
}

/// 催告书 (R-46; 行政强制法第三十五条、第五十四条).
pub(super) fn reminder(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let on = case
        .reminder_on
        .ok_or_else(|| not_yet(doc.kind, "尚未催告"))?;
    let decided = decision_line(case).ok_or_else(|| not_yet(doc.kind, "决定不是给予行政处罚"))?;
    let owed = extras
        .owed_on(on)
        .ok_or_else(|| missing(doc.kind, "应当给付的金额", REMINDER_CONTENT))?;
    doc.date = written_date(on);
    doc.addressee = format!("{}：", case.party.name());
    doc.paragraphs.push(format!(
        "{decided}{}应当于{}前缴纳罚款，至今未履行完毕。",
        you(&case.party),
        written_date(owed.pay_by)
    ));
    doc.paragraphs.push(format!(
        "根据《中华人民共和国行政强制法》第三十五条、第四十五条和《中华人民共和国行政处罚法》第七十二条的规定，现催告{}自收到本催告书之日起十日内履行：缴纳{}，缴至{}。加处罚款自缴款期限届满次日起按日以罚款数额的百分之三计算，至缴清之日止，其数额不超出罚款的数额。",
        you(&case.party),
        owed_text(owed),
        agency.payment_place
    ));
    doc.paragraphs.push(format!(
        "{}收到本催告书后有权进行陈述和申辩（《中华人民共和国行政强制法》第三十六条）。逾期仍不履行的，本机关将依法申请人民法院强制执行（该法第五十三条、第五十四条）。",
        you(&case.party)
    ));
    Ok(())
}

/// 强制执行申请书 (R-46; 行政强制法第五十三条至第五十五条).
pub(super) fn court_application(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let on = case
        .court_applied_on
        .ok_or_else(|| not_yet(doc.kind, "尚未申请人民法院强制执行"))?;
    let decision = case
        .decision
        .as_ref()
        .ok_or_else(|| not_yet(doc.kind, "尚未作出决定"))?;
    let reminded = case
        .reminder_on
        .ok_or_else(|| missing(doc.kind, "催告情况", COURT_APPLICATION_CONTENT))?;
    let owed = extras
        .owed_on(on)
        .ok_or_else(|| missing(doc.kind, "申请强制执行标的", COURT_APPLICATION_CONTENT))?;
    doc.date = written_date(on);
    doc.addressee = format!("{}：", agency.court);
    doc.fields.push(field("申请人", agency.name.clone()));
    doc.fields
        .extend(party_fields(&case.party).into_iter().map(|mut f| {
            if f.label == "当事人" {
                f.label = "被申请人".to_string();
            }
            f
        }));
    doc.fields.push(field(
        "申请执行的决定",
        format!("{}《行政处罚决定书》", decision.number),
    ));
    doc.fields.push(field("申请执行的内容", owed_text(owed)));
    doc.fields.push(field(
        "催告情况",
        format!(
            "本机关于{}向被申请人送达催告书，催告书送达十日后被申请人仍未履行",
            written_date(reminded)
        ),
    ));
    if let Some(d) = decision_line(case) {
        doc.paragraphs.push(d);
    }
    doc.paragraphs.push(
        "被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行行政处罚决定。根据《中华人民共和国行政强制法》第五十三条、第五十四条、第五十五条和《中华人民共和国行政处罚法》第七十二条第一款第四项的规定，特申请贵院强制执行。"
            .to_string(),
    );
    doc.paragraphs.push(
        "附：行政处罚决定书及送达回证；作出决定的事实、理由和依据；当事人的意见及催告情况；申请强制执行标的情况。"
            .to_string(),
    );
    doc.signatures = vec!["行政机关负责人签名：".to_string()];
    Ok(())
}

/// 案卷封面与卷内目录: the cover of the closed case's file and the index of its documents,
/// in the order of the file, each with its verification code.
pub(super) fn cover(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let closed = case
        .closed_on
        .ok_or_else(|| not_yet(doc.kind, "案件未结案"))?;
    doc.title = "行政处罚案卷".to_string();
    doc.fields.push(field(
        "案卷题名",
        format!("{}{}案", case.party.name(), act_of(case)),
    ));
    doc.fields.push(field("案件编号", extras.case_code.clone()));
    doc.fields.push(field("立卷单位", agency.name.clone()));
    doc.fields.push(match case.filed_on {
        Some(on) => field("立案日期", written_date(on)),
        None => field("登记日期", written_date(case.registered_on)),
    });
    doc.fields.push(field("结案日期", written_date(closed)));
    if let Some(d) = &case.decision {
        doc.fields.push(field("决定书文号", d.number.clone()));
    }
    doc.fields.push(field(
        "承办人",
        case.officers
            .iter()
            .map(|o| o.name.clone())
            .collect::<Vec<_>>()
            .join("、"),
    ));
    doc.fields.push(field("保管期限", extras.retention.clone()));
    let mut filed: Vec<_> = extras
        .filed
        .iter()
        .filter(|f| f.doc.kind != DocKind::FileCover)
        .collect();
    filed.sort_by_key(|f| (f.doc, f.date));
    doc.fields
        .push(field("卷内文件", format!("{}件", filed.len())));
    doc.tables.push(Table {
        caption: "卷内目录".to_string(),
        header: ["序号", "文书名称", "文号", "日期", "验证码"]
            .map(String::from)
            .to_vec(),
        rows: filed
            .iter()
            .enumerate()
            .map(|(i, f)| {
                vec![
                    (i + 1).to_string(),
                    f.doc.title(),
                    f.number.clone(),
                    written_date(f.date),
                    f.code.clone(),
                ]
            })
            .collect(),
    });
    Ok(())
}
