//! Case forms to the workflow's commands: the posted fields, typed by their names, built into
//! the same JSON the API takes, and parsed by the same types. A field that does not fit is an
//! input error naming it; what the law refuses is the workflow's to say.
//!
//! Not here: the handlers (the parent module).

use super::yuan_field;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use zhifa_app::AppError;
use zhifa_domain::case::Command;

/// Checkbox fields: present means yes.
const FLAGS: [&str; 11] = [
    "certificate_shown",
    "audio_video",
    "defended",
    "party_appeared",
    "passed",
    "consent_to_electronic",
    "public_interest",
    "complex",
    "review_by_other_law",
    "mitigated_below_minimum",
    "collected",
];

/// Fields holding several ids, from checkbox groups or a list typed with commas.
const ID_LISTS: [&str; 3] = ["officer_ids", "evidence_ids", "attendee_ids"];

/// Fields holding one id, empty for none.
const IDS: [&str; 4] = ["chair_id", "evidence_id", "commitment_id", "item_id"];

/// Optional texts and dates: empty means none.
const OPTIONAL: [&str; 6] = [
    "av_exception",
    "benchmark_departure",
    "deadline",
    "to_date",
    "collection_reason",
    "emergency",
];

/// The posted fields, by name, with repeated names kept.
pub struct Fields {
    pairs: Vec<(String, String)>,
}

impl Fields {
    pub fn new(pairs: &[(String, String)]) -> Fields {
        Fields {
            pairs: pairs
                .iter()
                .filter(|(k, _)| k != "_csrf")
                .cloned()
                .collect(),
        }
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn one(&self, name: &str) -> &str {
        self.all(name).last().unwrap_or("").trim()
    }

    fn ids(&self, name: &'static str) -> Result<Vec<i64>, AppError> {
        let mut out = Vec::new();
        for value in self.all(name) {
            for part in value
                .split([',', '，', '、', ' '])
                .filter(|p| !p.trim().is_empty())
            {
                out.push(part.trim().parse().map_err(|_| {
                    AppError::invalid(name, format!("“{}”不是有效的编号", part.trim()))
                })?);
            }
        }
        Ok(out)
    }

    /// Every posted field typed by its name, `action` and the penalty fields aside.
    fn typed(&self) -> Result<Map<String, Value>, AppError> {
        let mut map = Map::new();
        for flag in FLAGS {
            map.insert(flag.into(), Value::Bool(!self.one(flag).is_empty()));
        }
        for list in ID_LISTS {
            map.insert(list.into(), json!(self.ids(list)?));
        }
        for (k, _) in &self.pairs {
            let k = k.as_str();
            if map.contains_key(k) || FLAGS.contains(&k) || ID_LISTS.contains(&k) {
                continue;
            }
            if matches!(
                k,
                "action" | "measure" | "outcome" | "fine" | "warning" | "amount"
            ) {
                continue;
            }
            let v = self.one(k);
            let value = if let Some(id) = IDS.iter().find(|i| **i == k) {
                match v {
                    "" => Value::Null,
                    v => json!(
                        v.parse::<i64>()
                            .map_err(|_| AppError::invalid(id, format!("“{v}”不是有效的编号")))?
                    ),
                }
            } else if k == "days" || k == "index" {
                json!(
                    v.parse::<u32>()
                        .map_err(|_| AppError::invalid("days", format!("“{v}”不是有效的天数")))?
                )
            } else if OPTIONAL.contains(&k) && v.is_empty() {
                Value::Null
            } else {
                Value::String(v.to_string())
            };
            map.insert(k.to_string(), value);
        }
        if let Some(amount) = yuan_field("amount", self.one("amount"))? {
            map.insert("amount".into(), json!(amount));
        }
        Ok(map)
    }

    /// The penalty of the `warning` checkbox and the `fine` in 元.
    fn penalty(&self) -> Result<Value, AppError> {
        let mut kinds = Vec::new();
        if !self.one("warning").is_empty() {
            kinds.push(json!({"kind": "warning"}));
        }
        if let Some(fen) = yuan_field("fine", self.one("fine"))? {
            kinds.push(json!({"kind": "fine", "amount": fen}));
        }
        Ok(json!({ "kinds": kinds }))
    }

    /// The outcome chosen in `outcome`: `punish`, `not_punish:<ground>` or `transfer_crime`.
    fn outcome(&self) -> Result<Value, AppError> {
        let chosen = self.one("outcome");
        Ok(match chosen.split_once(':') {
            _ if chosen == "punish" => json!({"outcome": "punish", "penalty": self.penalty()?}),
            Some(("not_punish", ground)) => json!({"outcome": "not_punish", "ground": ground}),
            _ if chosen == "transfer_crime" => {
                json!({"outcome": "transfer_crime", "to": self.one("crime_to")})
            }
            _ => return Err(AppError::invalid("outcome", "请选择处理结果")),
        })
    }

    /// The benchmark applied at conclusion: `d_benchmark` is `violation` and `legal_basis`
    /// joined by a tab, `d_tier`, `d_grounds` (checkboxes), `d_mitigation` and the statutory
    /// range in 元 (`d_statutory_min`, `d_statutory_max`). None without a benchmark.
    fn discretion(&self) -> Result<Value, AppError> {
        let chosen = self.one("d_benchmark");
        let Some((violation, legal_basis)) = chosen.split_once('\t') else {
            return Ok(Value::Null);
        };
        Ok(json!({
            "violation": violation, "legal_basis": legal_basis, "tier": self.one("d_tier"),
            "grounds": self.all("d_grounds").collect::<Vec<_>>(),
            "mitigation": match self.one("d_mitigation") { "" => "lighter", m => m },
            "statutory_min": yuan_field("d_statutory_min", self.one("d_statutory_min"))?,
            "statutory_max": yuan_field("d_statutory_max", self.one("d_statutory_max"))?,
        }))
    }

    /// The party of the registration and on-the-spot forms.
    fn party(&self) -> Value {
        let opt = |name: &str| match self.one(name) {
            "" => Value::Null,
            v => Value::String(v.to_string()),
        };
        if self.one("party_kind") == "organisation" {
            json!({
                "kind": "organisation", "name": self.one("party_name"),
                "credit_code": self.one("credit_code"),
                "legal_representative": self.one("legal_representative"),
                "phone": opt("phone"), "address": opt("address"),
            })
        } else {
            json!({
                "kind": "natural", "name": self.one("party_name"),
                "id_number": opt("id_number"), "birth_date": opt("birth_date"),
                "phone": opt("phone"), "address": opt("address"),
            })
        }
    }

    fn act(&self) -> Value {
        json!({
            "occurred_on": self.one("occurred_on"),
            "ended_on": match self.one("ended_on") { "" => Value::Null, v => json!(v) },
            "continuing": !self.one("continuing").is_empty(),
            "caused_harm": !self.one("caused_harm").is_empty(),
        })
    }

    pub fn registration(&mut self) -> Result<Value, AppError> {
        Ok(json!({
            "item_id": self.ids("item_id")?.first().copied(),
            "source": self.one("source"), "facts": self.one("facts"),
            "party": self.party(), "act": self.act(),
            "safety_related": !self.one("safety_related").is_empty(),
        }))
    }

    pub fn on_the_spot(&mut self) -> Result<Value, AppError> {
        Ok(json!({
            "item_id": self.ids("item_id")?.first().copied(),
            "facts": self.one("facts"), "party": self.party(), "act": self.act(),
            "officer_ids": self.ids("officer_ids")?,
            "certificate_shown": !self.one("certificate_shown").is_empty(),
            "penalty": self.penalty()?, "correction": self.one("correction"),
            "statement": self.one("statement"),
            "collected": !self.one("collected").is_empty(),
            "collection_reason": match self.one("collection_reason") { "" => Value::Null, v => json!(v) },
            "evidence_ids": self.ids("evidence_ids")?,
            "av_exception": match self.one("av_exception") { "" => Value::Null, v => json!(v) },
        }))
    }
}

/// Parses the JSON built from a form as `T`, naming the form when it does not fit.
pub fn parse<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, AppError> {
    serde_json::from_value(value)
        .map_err(|e| AppError::invalid("form", format!("{what}填写不完整或有误：{e}")))
}

/// The command a case page's form posts: `action` names the step, the other fields are the
/// step's, typed by their names.
pub fn command_from_form(pairs: &[(String, String)]) -> Result<Command, AppError> {
    let f = Fields::new(pairs);
    let action = f.one("action");
    if action.is_empty() {
        return Err(AppError::invalid("action", "请选择要办理的步骤"));
    }
    let mut map = f.typed()?;
    if matches!(action, "decide" | "conclude") {
        let key = if action == "decide" {
            "outcome"
        } else {
            "proposed"
        };
        map.insert(key.into(), f.outcome()?);
        if action == "decide" {
            map.entry("number").or_insert_with(|| json!(""));
        } else {
            map.insert("discretion".into(), f.discretion()?);
        }
    }
    let command = if action == "measure" {
        let mut inner = map;
        inner.insert("measure".into(), json!(f.one("measure")));
        if f.one("measure") == "apply" {
            let items: Vec<Value> = f
                .one("items")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let (name, quantity) =
                        l.trim().rsplit_once([' ', '　']).unwrap_or((l.trim(), ""));
                    json!({"name": name.trim(), "quantity": quantity.trim(), "note": ""})
                })
                .collect();
            inner.insert("items".into(), json!(items));
            inner.insert(
                "list_delivered".into(),
                json!(!f.one("list_delivered").is_empty()),
            );
            inner.insert(
                "party_heard".into(),
                json!(!f.one("party_heard").is_empty()),
            );
            inner.insert(
                "record_id".into(),
                inner.get("evidence_id").cloned().unwrap_or(Value::Null),
            );
        }
        json!({"action": "measure", "command": inner})
    } else {
        let mut map = map;
        map.insert("action".into(), json!(action));
        Value::Object(map)
    };
    parse(command, "表单")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn forms_become_the_commands_the_api_takes() {
        let c = command_from_form(&pairs(&[
            ("_csrf", "x"),
            ("action", "record_step"),
            ("step", "inspection"),
            ("on", "2026-11-27"),
            ("officer_ids", "3"),
            ("officer_ids", "4"),
            ("certificate_shown", "1"),
            ("evidence_ids", "7, 8"),
            ("av_exception", ""),
            ("note", "现场检查"),
        ]))
        .unwrap();
        let Command::RecordStep {
            officer_ids,
            evidence_ids,
            certificate_shown,
            audio_video,
            av_exception,
            ..
        } = c
        else {
            panic!("{c:?}")
        };
        assert_eq!((officer_ids, evidence_ids), (vec![3, 4], vec![7, 8]));
        assert!(certificate_shown && !audio_video && av_exception.is_none());

        let c = command_from_form(&pairs(&[
            ("action", "decide"),
            ("outcome", "punish"),
            ("warning", "1"),
            ("fine", "1,500.50"),
        ]))
        .unwrap();
        let Command::Decide { outcome, number } = c else {
            panic!()
        };
        assert_eq!(number, "");
        assert_eq!(
            serde_json::to_value(outcome).unwrap(),
            json!({"outcome": "punish", "penalty": {"kinds": [{"kind": "warning"}, {"kind": "fine", "amount": 150050}]}})
        );
        let c = command_from_form(&pairs(&[
            ("action", "decide"),
            ("outcome", "not_punish:first_offence"),
        ]))
        .unwrap();
        assert!(matches!(c, Command::Decide { .. }));
        let c = command_from_form(&pairs(&[
            ("action", "measure"),
            ("measure", "apply"),
            ("kind", "seize"),
            ("items", "自卸货车 1辆\n钥匙 2把"),
            ("list_delivered", "1"),
            ("party_heard", "1"),
            ("evidence_id", "9"),
            ("officer_ids", "3,4"),
            ("certificate_shown", "1"),
        ]))
        .unwrap();
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["command"]["items"][1]["name"], "钥匙");
        assert_eq!(json["command"]["record_id"], 9);
    }

    #[test]
    fn a_conclusion_carries_the_benchmark_chosen() {
        let c = command_from_form(&pairs(&[
            ("action", "conclude"),
            ("findings", "事实清楚"),
            ("outcome", "punish"),
            ("fine", "1800"),
            (
                "d_benchmark",
                "露天焚烧秸秆\t《大气污染防治法》第一百一十九条第一款",
            ),
            ("d_tier", "法定幅度"),
            ("d_grounds", "eliminated_harm"),
            ("d_statutory_min", "500"),
            ("d_statutory_max", "2000"),
            ("benchmark_departure", "焚烧面积大"),
        ]))
        .unwrap();
        let Command::Conclude {
            discretion: Some(d),
            benchmark_departure,
            ..
        } = c
        else {
            panic!("{c:?}")
        };
        assert_eq!(d.tier, "法定幅度");
        assert_eq!(d.grounds.len(), 1);
        assert_eq!(d.statutory_max.map(|f| f.get()), Some(200_000));
        assert_eq!(benchmark_departure.as_deref(), Some("焚烧面积大"));
        let c = command_from_form(&pairs(&[
            ("action", "conclude"),
            ("findings", "x"),
            ("outcome", "not_punish:minor"),
            ("d_benchmark", ""),
        ]))
        .unwrap();
        assert!(matches!(
            c,
            Command::Conclude {
                discretion: None,
                ..
            }
        ));
    }

    #[test]
    fn bad_fields_are_named() {
        let err = |p: &[(&str, &str)]| match command_from_form(&pairs(p)) {
            Err(AppError::Invalid(e)) => e[0].field,
            Err(AppError::Refused(r)) => r.field.unwrap_or("?"),
            other => panic!("{other:?}"),
        };
        assert_eq!(err(&[]), "action");
        assert_eq!(
            err(&[("action", "record_step"), ("officer_ids", "三")]),
            "officer_ids"
        );
        assert_eq!(
            err(&[("action", "decide"), ("outcome", "punish"), ("fine", "-5")]),
            "fine"
        );
        assert_eq!(err(&[("action", "decide")]), "outcome");
        assert_eq!(
            err(&[("action", "notify")]),
            "form",
            "the served date is missing"
        );
    }
}
