//! What the cases share: reading a record's penalty and dates, parties, and the usual runs of
//! steps of the general procedure (open, investigate, notify and decide, pay and close).
//!
//! Not here: the cases themselves (`township`, `county`).

use super::Record;
use super::plan::Plan;
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The fine the record gives, in 元.
pub fn fine_of(record: &Record) -> Option<i64> {
    record.penalty.get("fine_cny")?.as_i64()
}

/// Days from the record's date `from` to its date `to`, when the source gives both: ISO dates,
/// or month and day (M月D日) of the same, unstated year.
pub fn interval(record: &Record, from: &str, to: &str) -> Option<i64> {
    let get = |key: &str| record.dates.get(key)?.as_str().map(str::to_string);
    let (a, b) = (get(from)?, get(to)?);
    match (iso_date(&a), iso_date(&b)) {
        (Some(a), Some(b)) => Some((b - a).num_days()),
        _ => {
            let (a, b) = (month_day(&a)?, month_day(&b)?);
            // Any year will do for a year the source does not state; 2025 is not a leap year.
            let a = NaiveDate::from_ymd_opt(2025, a.0, a.1)?;
            let b = NaiveDate::from_ymd_opt(2025, b.0, b.1)?;
            Some((b - a).num_days())
        }
    }
}

fn iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// "11月4日(年份未载)" → (11, 4).
fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, rest) = s.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let m = m.trim().parse().ok()?;
    let d = d.trim().parse().ok()?;
    Some((m, d))
}

/// The record's facts up to the end of their first sentence: what is known when the case is
/// registered.
pub fn first_sentence(record: &Record) -> String {
    let facts = record.facts.trim();
    match facts.find('。') {
        Some(i) => facts[..i + '。'.len_utf8()].to_string(),
        None => facts.to_string(),
    }
}

/// The registration's facts: the record's first sentence and where the case was published.
pub fn registered_facts(record: &Record) -> String {
    format!(
        "{}（演示案例，据公开案例{}改编：{}）",
        first_sentence(record),
        record.id,
        record.source_url
    )
}

/// A natural person with a placeholder birth date (the records give none).
///
/// The published records are anonymised and give no address, which a decision must state
/// the demo completes it, saying so.
pub fn natural(name: &str, birth_date: &str) -> Value {
    json!({"kind": "natural", "name": name, "birth_date": birth_date,
           "address": "示范县某村（演示补全：公开记录未载住址）"})
}

/// An organisation (an individual business included) with its credit code; the address is
/// completed as for [`natural`].
pub fn organisation(name: &str, credit_code: &str, representative: &str) -> Value {
    json!({
        "kind": "organisation",
        "name": name,
        "credit_code": credit_code,
        "legal_representative": representative,
        "address": "示范县某街道（演示补全：公开记录未载住所）"
    })
}

/// The act of day `offset`, neither continuing nor harmful.
pub fn act(p: &Plan, offset: i64) -> Value {
    json!({"occurred_on": p.j(offset), "ended_on": null, "continuing": false, "caused_harm": false})
}

pub fn registration(source: &str, party: Value, facts: String, act: Value) -> Value {
    json!({"item_id": "$item", "source": source, "party": party, "facts": facts, "act": act})
}

/// A fine of `yuan` 元.
pub fn fine(yuan: i64) -> Value {
    json!({"kinds": [{"kind": "fine", "amount": yuan * 100}]})
}

pub fn punish(yuan: i64) -> Value {
    json!({"outcome": "punish", "penalty": fine(yuan)})
}

fn ids_of(officers: [&str; 2]) -> Value {
    json!([format!("$u:{}", officers[0]), format!("$u:{}", officers[1])])
}

/// Registration by the first officer, both officers assigned, filed by the head.
pub fn open(p: &mut Plan, head: &'static str, officers: [&'static str; 2], registration: Value) {
    p.register(officers[0], registration)
        .cmd(
            officers[0],
            json!({"action": "assign_officers", "officer_ids": ids_of(officers)}),
        )
        .cmd(head, json!({"action": "file"}));
}

/// A step of the investigation on the current day, with new evidence: (key, media type,
/// subject) each.
pub fn step(
    p: &mut Plan,
    officers: [&'static str; 2],
    step: &str,
    evidence: &[(&'static str, &'static str, &str)],
    note: &str,
) {
    let on = json!(p.today().to_string());
    for (key, media, subject) in evidence {
        p.evidence(officers[0], key, media, *subject);
    }
    let ids: Vec<String> = evidence.iter().map(|(k, _, _)| format!("$e:{k}")).collect();
    p.cmd(
        officers[0],
        json!({
            "action": "record_step", "step": step, "on": on,
            "officer_ids": ids_of(officers), "certificate_shown": true,
            "evidence_ids": ids, "audio_video": false,
            "av_exception": null, "note": note
        }),
    );
}

pub fn correction(p: &mut Plan, who: &'static str, order: &str, deadline: Option<NaiveDate>) {
    let deadline = deadline.map(|d| d.to_string());
    p.cmd(
        who,
        json!({"action": "order_correction", "order": order, "deadline": deadline}),
    );
}

pub fn conclude(p: &mut Plan, who: &'static str, findings: &str, outcome: Value, complex: bool) {
    p.cmd(
        who,
        json!({
            "action": "conclude", "findings": findings, "proposed": outcome,
            "public_interest": false, "complex": complex, "review_by_other_law": false,
            "benchmark_departure": null, "mitigated_below_minimum": false
        }),
    );
}

/// The prior notice served today, and the party's statement: waived (`defended` false) or
/// heard.
pub fn notify(p: &mut Plan, who: &'static str) {
    let on = p.today().to_string();
    p.cmd(who, json!({"action": "notify", "served_on": on}));
}

pub fn statement(p: &mut Plan, who: &'static str, defended: bool, summary: &str) {
    let on = p.today().to_string();
    p.cmd(
        who,
        json!({"action": "hear_statement", "on": on, "defended": defended, "summary": summary}),
    );
}

/// The head decides (the number comes from the township's sequence) and the officer serves
/// the decision in person the same day.
pub fn decide_and_serve(p: &mut Plan, head: &'static str, officer: &'static str, outcome: Value) {
    let on = p.today().to_string();
    p.cmd(
        head,
        json!({"action": "decide", "outcome": outcome, "number": ""}),
    )
    .cmd(
        officer,
        json!({"action": "serve", "on": on, "method": "direct", "consent_to_electronic": false}),
    );
}

pub fn pay(p: &mut Plan, who: &'static str, yuan: i64) {
    let on = p.today().to_string();
    p.cmd(
        who,
        json!({"action": "record_payment", "on": on, "amount": yuan * 100}),
    );
}

/// Closed today and archived the next working morning (the next day, for simplicity).
pub fn close_and_archive(p: &mut Plan, head: &'static str) {
    p.cmd(head, json!({"action": "close"}));
    let next = p.today().succ_opt().expect("a date within the calendar");
    p.on(next).cmd(head, json!({"action": "archive"}));
}
