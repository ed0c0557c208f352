//! The township cases of the records (`level` township): C01, C04, C05, C07, C09, C10.
//!
//! Each function maps one record onto the demo county as of `today` and says, next to the
//! case, what the record gives and what the mapping completes. Dates keep the record's
//! intervals and are placed so that the demo's stop falls on or before `today`.

use super::Record;
use super::common::*;
use super::plan::{CaseScript, Plan, shift};
use chrono::NaiveDate;
use serde_json::json;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::deadline::{DeadlineParams, Deadlines};

const HEAD: &str = "head";

/// C01 塔城市二工镇, 乱倒装修垃圾 → SC-ZJ-003 (《村庄和集镇规划建设管理条例》第三十九条第（二）项,
/// the article the decision's wording matches), a 城关镇 statutory matter.
///
/// Completed: the excerpt ends before the operative part. Its grounds are those of 首违不罚
/// (《行政处罚法》第三十三条第一款: 初次违法, 危害后果轻微, corrected before the decision) and it
/// mentions the party's 规范投放承诺书, so the case is replayed as not punished on the
/// lenient-list path: education recorded, the commitment letter signed, a NotPunish decision.
/// (The decision's number is a 罚决 number, so the real outcome may have been a warning;
/// `tests/cases.rs` replays the same facts with a completed fine.) Intervals from the record:
/// filed one day after the act, corrected by day 6, decided on day 8. Demo: archived.
pub fn c01(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let filed = interval(r, "violation", "filed").unwrap_or(1);
    let decided = interval(r, "violation", "decided").unwrap_or(8);
    let mut p = Plan::new(shift(today, -(decided + 6)));
    let o = ["officer", "officer2"];
    p.day(filed).evidence(
        o[0],
        "report",
        "image/png",
        "举报截图及现场照片（举报人信息已脱敏）",
    );
    let party = natural("当事人A", "1978-03-02");
    let source = "群众举报（举报人信息已脱敏）";
    let reg = registration(source, party, registered_facts(r), act(&p, 0));
    open(&mut p, HEAD, o, reg);
    step(
        &mut p,
        o,
        "inspection",
        &[
            ("scene", "video/mp4", "现场（勘验）执法记录仪录像"),
            ("pointing", "image/jpeg", "指认照片"),
        ],
        "现场（勘验）笔录：国道旁田间小路上倾倒饭馆拆除产生的装修垃圾（木材、石膏板等）",
    );
    let by = p.d(filed + 5);
    correction(&mut p, o[0], "清理倾倒在田间小路上的装修垃圾", Some(by));
    p.day(filed + 1);
    step(
        &mut p,
        o,
        "interview",
        &[
            ("interview", "audio/mpeg", "询问录音"),
            (
                "record",
                "application/pdf",
                "调查（询问）笔录、身份证复印件",
            ),
        ],
        "当事人承认倾倒事实，配合调查，无同类违法记录",
    );
    p.on(by);
    step(
        &mut p,
        o,
        "correction_recheck",
        &[("recheck", "image/jpeg", "复查照片")],
        "当事人已于期限内清理完毕",
    );
    p.day(decided - 1);
    let outcome = json!({"outcome": "not_punish", "ground": "first_offence"});
    let findings = format!(
        "{}初次违法、危害后果轻微并及时改正，符合首违不罚。",
        r.facts
    );
    conclude(&mut p, o[0], &findings, outcome.clone(), false);
    p.evidence(o[0], "education", "application/pdf", "批评教育记录");
    p.cmd(
        o[0],
        json!({"action": "record_education", "evidence_id": "$e:education", "commitment_id": null}),
    );
    // not punishing on the lenient list needs the party's signed commitment letter.
    p.day(decided)
        .refused(HEAD, "case.no_commitment", json!({"action": "decide", "outcome": outcome, "number": ""}))
        .evidence(o[0], "commitment", "application/pdf", "规范投放承诺书（当事人签名）")
        .cmd(
            o[0],
            json!({"action": "record_education", "evidence_id": "$e:education", "commitment_id": "$e:commitment"}),
        );
    decide_and_serve(&mut p, HEAD, o[0], outcome);
    close_and_archive(&mut p, HEAD);
    p.demo_stop();
    vec![p.finish("C01", "C01 当事人A".into(), "城关镇", "SC-ZJ-003", true)]
}

/// C04 增城区新塘镇, 随意倾倒建筑垃圾 → SC-ZJ-023 (《固体废物污染环境防治法》第六十三条第三款、第一百一十一条第一款第（四）项;
/// the record cites 《城市建筑垃圾管理规定》, a ministry rule not in the demo's law collection).
/// The vehicle is seized under 《固体废物污染环境防治法》第二十七条 (工具 that may be removed).
///
/// From the record: the fine (18,500 元), the order to correct refused, the vehicle seized on
/// the spot, the party's statement (waste from another city's site, for an orchard).
/// Completed: the year and day of the act (some day in February; 2月20日, 25 days before the
/// payment on 3月17日); an emergency seizure approved by the head within 24 hours (第十九条);
/// the hearing (the fine gives the right under the default thresholds): requested, chaired by
/// an officer not on the case, held; then legal review (≥ 10,000 元) and collective discussion;
/// payment on day 25, then the vehicle released and the case closed. Demo: notified with the
/// hearing offered, the vehicle still seized.
pub fn c04(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let mut out = vec![c04_from(r, today, 5, false, "货车驾驶人C")];
    // A second copy begun earlier, stopped with its hearing notified for today or before, so
    // that a person can hold the hearing and take the case on to its archive.
    let calendar = WorkingCalendar::official();
    let engine = Deadlines::new(calendar, DeadlineParams::default());
    if let Some(back) = (12..40).find(|back| {
        let asked = shift(today, 6 - back);
        hearing_day(calendar, &engine, asked) <= today
    }) {
        out.push(c04_from(r, today, back, true, "货车驾驶人C（听证）"));
    }
    out
}

/// C04 begun `back` days before `today`, notified 5 days after it began (today itself when
/// `back` is 5); the demo stops after the notice, or with `at_hearing` after the hearing is
/// scheduled.
fn c04_from(r: &Record, today: NaiveDate, back: i64, at_hearing: bool, name: &str) -> CaseScript {
    let yuan = fine_of(r).unwrap_or(18_500);
    let notified = 5;
    let mut p = Plan::new(shift(today, -back));
    let o = ["officer", "officer3"];
    p.time(10, 20);
    let party = natural(name, "1983-06-18");
    let reg = registration("巡查发现", party, registered_facts(r), act(&p, 0));
    open(&mut p, HEAD, o, reg);
    step(
        &mut p,
        o,
        "inspection",
        &[(
            "scene",
            "video/mp4",
            "执法记录仪录像：重型自卸货车在快速路出口路段倾倒建筑垃圾",
        )],
        "现场检查笔录：快速路出口路段倾倒建筑垃圾，当场开具责令整改通知书",
    );
    let today0 = p.d(0);
    correction(&mut p, o[0], "立即停止倾倒并清理现场", Some(today0));
    // 当事人拒不整改: the officers seize the lorry. Without an emergency, only the head may
    // order a measure (《行政强制法》第十八条).
    // The whole-process video is given as the measure's record: `MeasureCommand::Apply` takes
    // one evidence item, the on-site record, and the application rests the whole-process video
    // gate on that item alone, so a signed PDF record with a separate video would be refused.
    p.evidence(
        o[0],
        "seizure",
        "video/mp4",
        "扣押全过程录像（含现场笔录宣读、签名）",
    );
    let measure = |emergency: Option<&str>| {
        json!({"action": "measure", "command": {
            "measure": "apply", "kind": "seize",
            "items": [{"name": "重型自卸货车", "quantity": "1辆", "note": "涉案运输工具，车牌号已脱敏"}],
            "list_delivered": true, "party_heard": true, "record_id": "$e:seizure",
            "officer_ids": ["$u:officer", "$u:officer3"], "certificate_shown": true,
            "audio_video": false, "av_exception": null, "emergency": emergency
        }})
    };
    p.refused(o[0], "measure.head_only", measure(None)).cmd(
        o[0],
        measure(Some("当事人拒不整改，车辆随时可能驶离，证据可能灭失")),
    );
    p.time(13, 30).cmd(
        HEAD,
        json!({"action": "measure", "command": {"measure": "approve_emergency", "index": 0}}),
    );
    p.day(1);
    step(
        &mut p,
        o,
        "interview",
        &[("interview", "audio/mpeg", "询问录音（协助调查通知书）")],
        "建筑垃圾来自外市工地，为果园种植需要而倾倒",
    );
    p.day(notified - 1);
    conclude(&mut p, o[0], &r.facts, punish(yuan), false);
    p.day(notified);
    notify(&mut p, o[0]);
    if !at_hearing {
        p.demo_stop();
    }

    let calendar = WorkingCalendar::official();
    let engine = Deadlines::new(calendar, DeadlineParams::default());
    let asked = p.d(notified + 1);
    let hearing = hearing_day(calendar, &engine, asked);
    p.on(asked).cmd(
        o[0],
        json!({"action": "request_hearing", "on": asked.to_string()}),
    );
    let schedule = |chair: &str| {
        json!({"action": "schedule_hearing", "date": hearing.to_string(),
               "notified_on": asked.to_string(), "chair_id": chair})
    };
    // The hearing is chaired by someone who did not investigate (第六十四条).
    p.refused(HEAD, "case.hearing_chair", schedule("$u:officer"))
        .cmd(HEAD, schedule("$u:officer2"));
    if at_hearing {
        p.demo_stop();
    }
    statement(
        &mut p,
        o[0],
        true,
        "当事人称建筑垃圾用于果园种植，请求从轻处罚",
    );
    let decide = json!({"action": "decide", "outcome": punish(yuan), "number": ""});
    p.refused(HEAD, "case.hearing_pending", decide.clone());
    let seizure_due = engine
        .seizure_due(p.d(0), None, 0)
        .map_or_else(|_| p.d(30), |due| due.date);
    p.on(hearing).cmd(
        "officer2",
        json!({"action": "hold_hearing", "on": hearing.to_string(), "party_appeared": true,
               "summary": "当事人对违法事实无异议，请求从轻；办案人员维持拟处罚意见"}),
    );
    p.cmd(o[0], json!({"action": "submit_for_review"})).refused(
        HEAD,
        "case.review_required",
        decide.clone(),
    );
    let decided = hearing.succ_opt().expect("a date");
    let paid = shift(p.d(0), 25).clamp(shift(decided, 1), shift(decided, 14));
    if paid > seizure_due {
        // A hearing across a long holiday: the seizure is extended once before it runs out.
        p.cmd(
            HEAD,
            json!({"action": "measure", "command": {"measure": "extend", "index": 0, "days": 30,
                   "reason": "听证及法制审核尚未结束，涉案车辆需继续扣押"}}),
        );
    }
    p.on(decided)
        .cmd(
            "reviewer",
            json!({"action": "review", "passed": true,
                   "opinion": "事实清楚，证据确凿，程序合法，罚款数额在法定幅度内，同意"}),
        )
        .refused(HEAD, "case.discussion_required", decide.clone())
        .cmd(
            HEAD,
            json!({"action": "discuss", "attendee_ids": ["$u:head", "$u:reviewer", "$u:officer2"],
                   "conclusion": format!("同意罚款{yuan}元")}),
        );
    decide_and_serve(&mut p, HEAD, o[0], punish(yuan));
    p.on(paid);
    pay(&mut p, o[0], yuan);
    // A case with a seized vehicle cannot be closed until it is released.
    p.refused(HEAD, "case.measure_open", json!({"action": "close"}))
        .cmd(
            HEAD,
            json!({"action": "measure", "command": {"measure": "release", "index": 0,
               "reason": "罚款已缴清，现场已清理，证据已固定"}}),
        );
    close_and_archive(&mut p, HEAD);
    p.finish("C04", format!("C04 {name}"), "城关镇", "SC-ZJ-023", true)
}

/// The first working day on which a hearing notified on `notified` respects the seven days'
/// notice (第六十四条); two weeks on where the calendar does not reach (the demo then loads no
/// cases, see `seed`).
fn hearing_day(
    calendar: &WorkingCalendar,
    engine: &Deadlines<'_>,
    notified: NaiveDate,
) -> NaiveDate {
    let fallback = shift(notified, 14);
    let Ok(mut day) = calendar.add_working_days(notified, 8) else {
        return fallback;
    };
    while let Ok(latest) = engine.latest_notice_date(day) {
        if latest.date >= notified {
            return day;
        }
        day = day.succ_opt().unwrap_or(fallback);
    }
    fallback
}

/// C05 宁波市海曙区大隐镇, 无证挖掘塘渣 → SC-ZJ-056 (《土地管理法》第三十七条第二款、第七十五条: 擅自在耕地上挖砂、采石、
/// 采矿、取土). The demo county has not granted this item to any township, so a township is
/// not competent: 青山镇 (a rural township, as the record's 村内山脚 suggests) registers it,
/// its head's filing is refused (the competence finding names 县自然资源局), and the head
/// transfers it. The real township seized the excavator; in the demo county the township
/// cannot, since a measure needs a filed case. Completed: the year (the record gives 10月14日).
/// Demo: registered, the filing not yet tried.
pub fn c05(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let mut p = Plan::new(shift(today, -1));
    p.time(15, 40);
    let party = natural("当事人D", "1969-10-02");
    p.register(
        "qs_officer",
        registration(
            "巡查发现（听到机器作业声）",
            party,
            registered_facts(r),
            act(&p, 0),
        ),
    );
    p.demo_stop();
    p.refused("qs_head", "case.not_competent", json!({"action": "file"}))
        .cmd(
            "qs_head",
            json!({"action": "transfer_out", "to": "县自然资源局",
                   "reason": "擅自挖采塘渣破坏种植条件，属《土地管理法》第七十五条自然资源主管部门职权，本镇未承接"}),
        );
    p.day(1);
    close_and_archive(&mut p, "qs_head");
    vec![p.finish("C05", "C05 当事人D".into(), "青山镇", "SC-ZJ-056", true)]
}

/// C07 北京市西城区天桥街道, 禁烟场所经营者未劝阻 → SC-ZJ-018. The demo catalog has no smoking-control
/// item (Beijing's 控烟条例 is a local regulation, and no such text is among `data/laws`); the
/// nearest is the restaurant operator's duty on the air in its premises, SC-ZJ-018, so the
/// replay keeps the record's facts under that item.
///
/// From the record: the party (a restaurant), the procedure (simplified, inferred by the
/// source). Completed: the amount, 2,000 元 (the lower end Beijing sets for an operator, within
/// the 3,000 元 an organisation may be fined on the spot); 5,000 元 is refused on the spot
/// . Paid at the bank five days later. Demo: decided on the spot, not yet paid.
pub fn c07(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let mut p = Plan::new(shift(today, -2));
    p.time(11, 30);
    let code = super::credit_code('1', 70_001);
    let party = organisation("某餐馆（已脱敏）", &code, "经营者（已脱敏）");
    p.evidence("officer", "video", "video/mp4", "当场处罚全过程录像");
    let spot = |yuan: i64| {
        json!({
            "item_id": "$item", "party": party, "facts": registered_facts(r), "act": act(&p, 0),
            "officer_ids": ["$u:officer", "$u:officer2"], "certificate_shown": true,
            "penalty": fine(yuan), "correction": "立即劝阻店内吸烟者，落实禁烟场所管理责任",
            "statement": "", "collected": false, "evidence_ids": ["$e:video"]
        })
    };
    let (refused, allowed) = (spot(5_000), spot(2_000));
    p.on_the_spot_refused("officer", "case.on_the_spot_limit", refused)
        .on_the_spot("officer", allowed)
        .demo_stop();
    p.day(5);
    pay(&mut p, "officer", 2_000);
    close_and_archive(&mut p, HEAD);
    vec![p.finish("C07", "C07 某餐馆".into(), "城关镇", "SC-ZJ-018", true)]
}

/// C09 嵊州市黄泽镇, 露天焚烧杂草 → SC-ZJ-015 (《大气污染防治法》第七十七条、第一百一十九条第一款: 秸秆、落叶等,
/// 500 to 2,000 元); the record cites Zhejiang's 市容环境卫生管理条例, not in the demo's laws.
/// One case per party (E, F). From the record: stopped on the spot, criticised, ordered to
/// correct, filed. Completed: the dates (none given) and the amount, the statutory minimum of
/// 500 元 each (stopped at once, no harm recorded); the parties waive their statement. Demo:
/// E concluded, F decided.
pub fn c09(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let parties = [
        ("当事人E", "1958-03-11", false),
        ("当事人F", "1961-09-23", true),
    ];
    let mut out = Vec::new();
    for (name, birth, decided_in_demo) in parties {
        let mut p = Plan::new(shift(today, -3));
        let o = ["officer", "officer2"];
        p.time(14, 10);
        let reg = registration(
            "巡查发现",
            natural(name, birth),
            registered_facts(r),
            act(&p, 0),
        );
        open(&mut p, HEAD, o, reg);
        step(
            &mut p,
            o,
            "inspection",
            &[("scene", "video/mp4", "现场制止焚烧、扑灭火源录像")],
            "村西南田地露天焚烧杂草，现场制止并扑灭火源",
        );
        let today0 = p.d(0);
        correction(&mut p, o[0], "立即停止露天焚烧", Some(today0));
        p.day(1);
        step(
            &mut p,
            o,
            "interview",
            &[("interview", "audio/mpeg", "询问录音")],
            "当事人承认焚烧杂草，接受批评教育",
        );
        p.day(2);
        conclude(&mut p, o[0], &r.facts, punish(500), false);
        if !decided_in_demo {
            p.demo_stop();
        }
        p.day(3);
        notify(&mut p, o[0]);
        statement(
            &mut p,
            o[0],
            false,
            "当事人对违法事实无异议，放弃陈述、申辩",
        );
        p.cmd(
            HEAD,
            json!({"action": "decide", "outcome": punish(500), "number": ""}),
        );
        if decided_in_demo {
            p.demo_stop();
        }
        let on = p.today().to_string();
        p.cmd(
            o[0],
            json!({"action": "serve", "on": on, "method": "direct", "consent_to_electronic": false}),
        );
        p.day(10);
        pay(&mut p, o[0], 500);
        close_and_archive(&mut p, HEAD);
        out.push(p.finish("C09", format!("C09 {name}"), "城关镇", "SC-ZJ-015", true));
    }
    out
}

/// C10 饶阳镇, 夜间焚烧秸秆 → SC-ZJ-015. From the record: found before dawn, the fire put out, the
/// party criticised and accepting the penalty, the decision a week after the act (11月4日 →
/// 11月11日). Completed: the amount (missing from the source), 1,000 元 within 500–2,000 元;
/// the year. Demo: served, the fine not yet paid.
pub fn c10(r: &Record, today: NaiveDate) -> Vec<CaseScript> {
    let decided = interval(r, "violation", "decided").unwrap_or(7);
    let mut p = Plan::new(shift(today, -(decided + 1)));
    let o = ["officer2", "officer3"];
    p.time(5, 10);
    p.evidence(
        o[0],
        "fire",
        "video/mp4",
        "凌晨巡查发现农田焚烧秸秆、处置着火点录像",
    );
    p.time(8, 30);
    let reg = registration(
        "凌晨巡查发现",
        natural("当事人G", "1972-12-05"),
        registered_facts(r),
        act(&p, 0),
    );
    open(&mut p, HEAD, o, reg);
    let on = p.today().to_string();
    p.cmd(
        o[0],
        json!({"action": "record_step", "step": "inspection", "on": on,
               "officer_ids": ["$u:officer2", "$u:officer3"], "certificate_shown": true,
               "evidence_ids": ["$e:fire"], "audio_video": false, "av_exception": null,
               "note": "农田焚烧秸秆，已现场处置着火点"}),
    );
    correction(&mut p, o[0], "立即熄灭火源，不得再露天焚烧秸秆", None);
    p.day(1);
    step(
        &mut p,
        o,
        "interview",
        &[(
            "interview",
            "audio/mpeg",
            "询问录音（村干部协助找到当事人）",
        )],
        "当事人承认焚烧秸秆，接受批评教育",
    );
    p.day(decided - 2);
    conclude(&mut p, o[0], &r.facts, punish(1_000), false);
    p.day(decided - 1);
    notify(&mut p, o[0]);
    statement(&mut p, o[0], false, "当事人表示接受处罚，放弃陈述、申辩");
    p.day(decided);
    decide_and_serve(&mut p, HEAD, o[0], punish(1_000));
    p.demo_stop();
    p.day(decided + 7);
    pay(&mut p, o[0], 1_000);
    close_and_archive(&mut p, HEAD);
    vec![p.finish("C10", "C10 当事人G".into(), "城关镇", "SC-ZJ-015", true)]
}
