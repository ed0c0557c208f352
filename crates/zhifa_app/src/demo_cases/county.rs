//! The records handled by county, city or police bodies: C08, C11, C13, C15, C16, C17, C19.
//!
//! How the demo county sees them: its competence resolver decides, as it does for any case.
//! The county has granted 城关镇 SC-ZJ-015 … SC-ZJ-026 from fifty days before `today`; a
//! county body's matter that falls under one of those items is 城关镇's own case there (the
//! grants replace exactly the county squads stationed in townships, such as C08's 诸葛中队).
//! Every such record also gets a second script in 青山镇, whose list is not yet in force: the
//! same matter is refused to that township at filing (`case.not_competent`, naming the county
//! department) and transferred there. A matter no grant covers is refused to the township and
//! transferred (C15 to 县交通运输局, C19 to the police).
//!
//! None is replayed as a county department's own case: the demo's only department account
//! (`dept`, 县生态环境局) has the 县级行业主管部门 role, which may read cases but not handle them,
//! and every approval of the workflow (filing, decision, measures) is the 负责人's
//! (`Role::TownshipHead`), which no department account holds.

use super::Record;
use super::common::*;
use super::plan::{CaseScript, Plan, shift};
use chrono::NaiveDate;
use serde_json::{Value, json};

const HEAD: &str = "head";
const NUMERALS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "七"];

/// The same matter registered in 青山镇, whose acceptance list awaits the city's review: the
/// head's filing is refused, the finding naming `holder`, and the case is transferred there.
fn refused_in_qingshan(
    record: &Record,
    label: &str,
    item: &'static str,
    party: Value,
    today: NaiveDate,
    holder: &str,
) -> CaseScript {
    let mut p = Plan::new(shift(today, -2));
    p.time(16, 0);
    let reg = registration("群众举报", party, registered_facts(record), act(&p, 0));
    p.register("qs_officer", reg)
        .refused("qs_head", "case.not_competent", json!({"action": "file"}))
        .cmd(
            "qs_head",
            json!({"action": "transfer_out", "to": holder,
                   "reason": format!("本镇承接清单尚未生效，本事项由{holder}行使")}),
        );
    p.finish(
        &record.id,
        format!("{label}（青山镇）"),
        "青山镇",
        item,
        false,
    )
}

/// C08 兰溪市综合行政执法局诸葛中队 (a county squad in a township), 未按规定分类投放生活垃圾, seven
/// individual businesses fined 20 元 each → SC-ZJ-022 (《固体废物污染环境防治法》第四十九条第二款:
/// 分类投放; the record cites Zhejiang's 生活垃圾分类管理办法, not in the demo's laws). Granted
/// to 城关镇, whose officers decide on the spot and collect the 20 元 (R-29 allows up to 100
/// 元). The businesses are organisations with 个体工商户 credit codes (92…). Completed: the
/// date (none given). Demo: the first business, fined, paid and closed.
pub fn c08(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let yuan = fine_of(r).unwrap_or(20);
    let mut out = Vec::new();
    for (i, n) in NUMERALS.iter().enumerate() {
        let mut p = Plan::new(shift(today, -6));
        p.time(9, 30 + 3 * i as u32);
        let code = super::credit_code('2', 80_001 + i as u32);
        let name = format!("集镇沿街经营户{n}（个体工商户，已脱敏）");
        let party = organisation(&name, &code, "经营者（已脱敏）");
        p.evidence(
            "officer",
            "video",
            "video/mp4",
            "突击检查及当场处罚全过程录像",
        );
        let input = json!({
            "item_id": "$item", "party": party, "facts": registered_facts(r), "act": act(&p, 0),
            "officer_ids": ["$u:officer", "$u:officer2"], "certificate_shown": true,
            "penalty": fine(yuan), "correction": "按规定在指定地点分类投放生活垃圾",
            "statement": "", "collected": true, "evidence_ids": ["$e:video"]
        });
        p.on_the_spot("officer", input)
            .cmd(HEAD, json!({"action": "close"}))
            .demo_stop();
        p.day(1).cmd(HEAD, json!({"action": "archive"}));
        out.push(p.finish(
            "C08",
            format!("C08 经营户{n}"),
            "城关镇",
            "SC-ZJ-022",
            i == 0,
        ));
    }
    let code = super::credit_code('2', 80_101);
    let party = organisation(
        "集镇沿街经营户（个体工商户，已脱敏）",
        &code,
        "经营者（已脱敏）",
    );
    out.push(refused_in_qingshan(
        r,
        "C08 经营户",
        "SC-ZJ-022",
        party,
        today,
        "县综合行政执法局",
    ));
    out
}

/// C11 大洼区环境保护局 (a county bureau), 露天焚烧秸秆, five residents fined 2,000 元 each (the
/// maximum of 《大气污染防治法》第一百一十九条第一款, as the record cites) → SC-ZJ-015, granted to
/// 城关镇. From the record: the satellite fire point (about 700 m²), the site check, the
/// provisions, the amount; detection to publication 18 days. Completed: the act three days
/// before the report; five residents answering for one fire point is treated as complex
/// (R-36 (3)), so the case goes to legal review and collective discussion. Demo: 居民H, under
/// legal review.
pub fn c11(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let yuan = fine_of(r).unwrap_or(2_000);
    let published = interval(r, "detected", "published").unwrap_or(18);
    let names = [
        ("居民H", "1966-04-09"),
        ("同案居民二", "1970-02-14"),
        ("同案居民三", "1959-08-30"),
        ("同案居民四", "1975-11-21"),
        ("同案居民五", "1963-05-17"),
    ];
    let mut out = Vec::new();
    for (i, (name, birth)) in names.into_iter().enumerate() {
        let o = ["officer", "officer2"];
        let mut p = Plan::new(shift(today, -9));
        p.day(3);
        p.evidence(
            o[0],
            "satellite",
            "application/pdf",
            "国家气象卫星遥感监测火点月报（火点约700平方米）",
        );
        let reg = registration(
            "卫星遥感监测火点通报",
            natural(name, birth),
            registered_facts(r),
            act(&p, 0),
        );
        open(&mut p, HEAD, o, reg);
        step(
            &mut p,
            o,
            "inspection",
            &[("scene", "video/mp4", "火点现场检查录像")],
            "现场检查认定火点为居民焚烧秸秆所致，过火面积约700平方米",
        );
        correction(&mut p, o[0], "不得再露天焚烧秸秆，清理焚烧残留物", None);
        p.day(4);
        step(
            &mut p,
            o,
            "interview",
            &[("interview", "audio/mpeg", "询问录音")],
            "当事人承认在该地块焚烧秸秆",
        );
        p.day(7);
        let findings = format!("{}五户居民在同一火点焚烧秸秆，须逐户认定责任。", r.facts);
        conclude(&mut p, o[0], &findings, punish(yuan), true);
        p.day(8);
        notify(&mut p, o[0]);
        statement(&mut p, o[0], false, "当事人放弃陈述、申辩");
        p.day(9)
            .cmd(o[0], json!({"action": "submit_for_review"}))
            .demo_stop();
        p.day(10)
            .cmd(
                "reviewer",
                json!({"action": "review", "passed": true,
                       "opinion": "事实清楚，逐户责任认定有据，程序合法，同意"}),
            )
            .cmd(
                HEAD,
                json!({"action": "discuss", "attendee_ids": ["$u:head", "$u:reviewer", "$u:officer3"],
                       "conclusion": format!("同意对{name}罚款{yuan}元")}),
            );
        p.day((3 + published - 1).max(10));
        decide_and_serve(&mut p, HEAD, o[0], punish(yuan));
        let paid = p.today() + chrono::Days::new(6);
        p.on(paid);
        pay(&mut p, o[0], yuan);
        close_and_archive(&mut p, HEAD);
        out.push(p.finish("C11", format!("C11 {name}"), "城关镇", "SC-ZJ-015", i == 0));
    }
    let party = natural("居民H", "1966-04-09");
    out.push(refused_in_qingshan(
        r,
        "C11 居民H",
        "SC-ZJ-015",
        party,
        today,
        "县生态环境局",
    ));
    out
}

/// C13 鄂州市生态环境局 (a city bureau, 2021), 夜间建筑施工噪声 → SC-ZJ-025 (《噪声污染防治法》第四十三条、
/// 第七十七条第（二）项, the 2021 law that replaced the 环境噪声污染防治法 the record cites; the demo's
/// dates are after 2022-06-05). Granted to 城关镇. From the record: the complaint, the night
/// inspection, the evidence list, notice 47 days after the inspection, the statement waived.
/// Completed: the amount (after the excerpt), 10,000 元, the statutory minimum for a first
/// finding (below an organisation's hearing and review thresholds, consistent with a notice
/// that offered only statement and defence). Demo: notified, the statement period running.
pub fn c13(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let notice = interval(r, "inspected", "notice_served").unwrap_or(47);
    let yuan = 10_000;
    let o = ["officer", "officer3"];
    let mut p = Plan::new(shift(today, -notice));
    p.time(22, 40)
        .evidence(o[0], "night", "video/mp4", "夜间施工现场检查录像");
    p.day(1);
    let code = super::credit_code('1', 13_001);
    let party = organisation(
        "某建筑工程有限公司（已脱敏）",
        &code,
        "法定代表人（已脱敏）",
    );
    let reg = registration("信访投诉", party.clone(), registered_facts(r), act(&p, 0));
    open(&mut p, HEAD, o, reg);
    p.cmd(
        o[0],
        json!({"action": "record_step", "step": "inspection", "on": p.j(0),
               "officer_ids": ["$u:officer", "$u:officer3"], "certificate_shown": true,
               "evidence_ids": ["$e:night"], "audio_video": false, "av_exception": null,
               "note": "棚改项目工地夜间施工，不属抢修抢险或工艺要求必须连续作业"}),
    );
    correction(&mut p, o[0], "立即停止夜间产生噪声的建筑施工作业", None);
    p.day(3);
    step(
        &mut p,
        o,
        "interview",
        &[
            ("interview", "audio/mpeg", "法定代表人委托人询问录音"),
            (
                "papers",
                "application/pdf",
                "营业执照复印件、法定代表人身份证复印件、劳务合作协议、现场照片",
            ),
        ],
        "公司承认夜间施工，未取得夜间施工证明",
    );
    p.day(notice - 2);
    conclude(&mut p, o[0], &r.facts, punish(yuan), false);
    p.day(notice);
    notify(&mut p, o[0]);
    p.demo_stop();
    p.day(notice + 2);
    statement(&mut p, o[0], false, "当事人在期限内书面放弃陈述、申辩");
    p.day(notice + 3);
    decide_and_serve(&mut p, HEAD, o[0], punish(yuan));
    p.day(notice + 13);
    pay(&mut p, o[0], yuan);
    close_and_archive(&mut p, HEAD);
    let probe = refused_in_qingshan(
        r,
        "C13 建筑公司",
        "SC-ZJ-025",
        party,
        today,
        "县住房和城乡建设局",
    );
    vec![
        p.finish(
            "C13",
            "C13 某建筑工程有限公司".into(),
            "城关镇",
            "SC-ZJ-025",
            true,
        ),
        probe,
    ]
}

/// C15 天水市麦积区综合执法局社棠中队 (a county squad in a township), 在公路旁空地倾倒建筑渣土 → SC-ZJ-047
/// (《公路法》第四十六条、第七十七条: 在公路用地范围内倾倒垃圾), which the demo county has granted to
/// no township. 青山镇 registers the report, the filing is refused naming 县交通运输局, and the
/// case is transferred. Completed: the year (2012 in the record). Demo: transferred.
pub fn c15(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let mut p = Plan::new(shift(today, -3));
    p.time(7, 20);
    let party = natural("村民I", "1980-07-26");
    let reg = registration("群众举报后蹲守发现", party, registered_facts(r), act(&p, 0));
    p.register("qs_officer", reg)
        .refused("qs_head", "case.not_competent", json!({"action": "file"}))
        .cmd(
            "qs_head",
            json!({"action": "transfer_out", "to": "县交通运输局",
                   "reason": "在公路用地范围内倾倒渣土，属《公路法》第四十六条、第七十七条交通主管部门职权，本镇未承接"}),
        )
        .demo_stop();
    p.day(1);
    close_and_archive(&mut p, "qs_head");
    vec![p.finish("C15", "C15 村民I".into(), "青山镇", "SC-ZJ-047", true)]
}

/// C16 兰溪市综合行政执法局 (a county bureau), 在厂区楼道倾倒装修垃圾4车, 1,000 元 → SC-ZJ-023 (建筑垃圾),
/// granted to 城关镇. From the record: reported to officers on the street, about 30 m², four
/// loads admitted, cleaning ordered, the amount. Completed: the legal basis (not given), the
/// statement waived, the dates after the report. Demo: filed, the inspection recorded.
pub fn c16(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let yuan = fine_of(r).unwrap_or(1_000);
    let o = ["officer", "officer2"];
    let mut p = Plan::new(shift(today, -1));
    p.time(10, 5);
    let party = natural("当事人J", "1987-01-19");
    let reg = registration(
        "市民当场反映",
        party.clone(),
        registered_facts(r),
        act(&p, 0),
    );
    open(&mut p, HEAD, o, reg);
    step(
        &mut p,
        o,
        "inspection",
        &[
            ("scene", "video/mp4", "现场检查录像"),
            ("photos", "image/jpeg", "楼道倾倒装修垃圾现场照片"),
        ],
        "厂区偏僻楼道倾倒编织袋装板材边角料、保护膜等，占地约30平方米",
    );
    p.demo_stop();
    correction(&mut p, o[0], "立即清理倾倒的装修垃圾", None);
    p.day(1);
    step(
        &mut p,
        o,
        "interview",
        &[("interview", "audio/mpeg", "询问录音")],
        "当事人承认共倾倒4车",
    );
    p.day(3);
    conclude(&mut p, o[0], &r.facts, punish(yuan), false);
    p.day(4);
    notify(&mut p, o[0]);
    statement(&mut p, o[0], false, "当事人放弃陈述、申辩");
    decide_and_serve(&mut p, HEAD, o[0], punish(yuan));
    p.day(10);
    pay(&mut p, o[0], yuan);
    close_and_archive(&mut p, HEAD);
    let probe = refused_in_qingshan(
        r,
        "C16 当事人J",
        "SC-ZJ-023",
        party,
        today,
        "县综合行政执法局",
    );
    vec![
        p.finish("C16", "C16 当事人J".into(), "城关镇", "SC-ZJ-023", true),
        probe,
    ]
}

/// C17 平湖市综合行政执法局 (a county bureau), 生活垃圾混投拒不改正, 200 元, a general-procedure case →
/// SC-ZJ-022, granted to 城关镇. The shop owner is an individual business (an organisation with
/// a 92… code). From the record: repeated education and a notice to correct before filing,
/// the amount. Completed: the act as continuing for twenty days before registration, the dates
/// after it, the statement waived. Demo: registered.
pub fn c17(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let yuan = fine_of(r).unwrap_or(200);
    let o = ["officer2", "officer3"];
    let mut p = Plan::new(shift(today, -20));
    p.day(20);
    let code = super::credit_code('2', 17_001);
    let party = organisation("某水果店（个体工商户，已脱敏）", &code, "店主（已脱敏）");
    let act =
        json!({"occurred_on": p.j(0), "ended_on": null, "continuing": true, "caused_harm": false});
    let source = "日常巡查（此前已多次上门批评教育并发限期改正通知书）";
    p.register(
        o[0],
        registration(source, party.clone(), registered_facts(r), act),
    )
    .demo_stop()
    .cmd(
        o[0],
        json!({"action": "assign_officers", "officer_ids": ["$u:officer2", "$u:officer3"]}),
    )
    .cmd(HEAD, json!({"action": "file"}));
    step(
        &mut p,
        o,
        "inspection",
        &[("scene", "video/mp4", "现场检查录像：生活垃圾混投")],
        "店主仍未按规定分类投放生活垃圾",
    );
    correction(&mut p, o[0], "按规定在指定地点分类投放生活垃圾", None);
    p.day(21);
    step(
        &mut p,
        o,
        "interview",
        &[("interview", "audio/mpeg", "询问录音")],
        "店主承认收到限期改正通知书后仍未分类投放",
    );
    p.day(22);
    conclude(&mut p, o[0], &r.facts, punish(yuan), false);
    p.day(23);
    notify(&mut p, o[0]);
    statement(&mut p, o[0], false, "当事人放弃陈述、申辩");
    decide_and_serve(&mut p, HEAD, o[0], punish(yuan));
    p.day(28);
    pay(&mut p, o[0], yuan);
    close_and_archive(&mut p, HEAD);
    let probe = refused_in_qingshan(
        r,
        "C17 水果店",
        "SC-ZJ-022",
        party,
        today,
        "县综合行政执法局",
    );
    vec![
        p.finish("C17", "C17 某水果店".into(), "城关镇", "SC-ZJ-022", true),
        probe,
    ]
}

/// C19 肥西县公安局官亭派出所, 禁放区域燃放烟花爆竹, four people fined 500 元 each: a police matter
/// (《烟花爆竹安全管理条例》第四十二条第二款: 由公安部门处罚) that no township may handle. The demo
/// catalog has no item for it (it lists no police powers), so the report is registered under
/// the nearest item, SC-ZJ-064 (烟花爆竹, granted to no township); the head's filing is refused
/// with the app's competence finding (`case.not_competent`) and the case is transferred to the
/// county police. Completed: the county police's name. Demo: the first party, transferred.
pub fn c19(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let names = [
        ("燃放人甲（店主）", "1979-05-03"),
        ("燃放人乙（店主）", "1984-12-28"),
        ("燃放人丙（村民）", "1990-03-15"),
        ("燃放人丁（村民）", "1968-09-09"),
    ];
    let mut out = Vec::new();
    for (i, (name, birth)) in names.into_iter().enumerate() {
        let mut p = Plan::new(shift(today, -4));
        p.time(10, 10 * i as u32);
        let reg = registration(
            "群众举报（店铺开业、购新车燃放烟花爆竹）",
            natural(name, birth),
            registered_facts(r),
            act(&p, 0),
        );
        p.register("officer", reg)
            .refused(HEAD, "case.not_competent", json!({"action": "file"}))
            .cmd(
                HEAD,
                json!({"action": "transfer_out", "to": "示范县公安局",
                       "reason": "在禁止燃放的时间、地点燃放烟花爆竹，依《烟花爆竹安全管理条例》第四十二条第二款由公安部门处罚，不属乡镇职权"}),
            )
            .demo_stop();
        p.day(1);
        close_and_archive(&mut p, HEAD);
        out.push(p.finish("C19", format!("C19 {name}"), "城关镇", "SC-ZJ-064", i == 0));
    }
    out
}
