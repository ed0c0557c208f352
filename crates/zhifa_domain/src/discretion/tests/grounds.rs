use super::*;
use crate::law::{LegalRef, parse_law};
use chrono::NaiveDate;
use std::collections::HashSet;

const PENALTY_LAW: &str = include_str!("../../../../../data/laws/行政处罚法(2021-01-22).md");

/// Words of the statute each ground quotes.
fn quoted(g: Ground) -> &'static str {
    match g {
        Ground::DuringEmergency => "违反突发事件应对措施",
        Ground::OtherStatutoryMitigation => "法律、法规、规章规定其他应当从轻或者减轻行政处罚的",
        Ground::Incapacitated => "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为",
        Ground::Repeated | Ground::SeriousConsequences | Ground::ObstructedEnforcement => {
            "与违法行为的事实、性质、情节以及社会危害程度相当"
        }
        other => other.label(),
    }
}

#[test]
fn every_ground_cites_an_article_of_the_penalty_law_that_says_it() {
    let law = parse_law("2021-01-22", PENALTY_LAW).unwrap();
    for g in Ground::ALL {
        let cite = LegalRef::parse(g.basis()).unwrap_or_else(|e| panic!("{g:?}: {e}"));
        assert_eq!(cite.law, "行政处罚法");
        let article = law
            .articles
            .iter()
            .find(|a| a.number == cite.article)
            .unwrap();
        assert!(cite.fits(&article.shape()), "{}", g.basis());
        let text = match (cite.paragraph, cite.item) {
            (Some(p), None) => article.paragraphs[p as usize - 1].text.clone(),
            (None, Some(i)) => article.paragraphs[0].items[i as usize - 1].clone(),
            _ => article.text(),
        };
        assert!(
            text.contains(quoted(g)),
            "{} does not say “{}”: {text}",
            g.basis(),
            quoted(g)
        );
    }
}

#[test]
fn the_checklists_follow_the_statute() {
    assert_eq!(
        Ground::with_effect(Effect::MandatoryMitigation),
        vec![
            Ground::Aged14To18,
            Ground::EliminatedHarm,
            Ground::CoercedOrLured,
            Ground::ConfessedUnknownViolation,
            Ground::MeritoriousCooperation,
            Ground::OtherStatutoryMitigation,
        ]
    );
    assert_eq!(
        Ground::with_effect(Effect::NoPenalty),
        vec![
            Ground::UnderFourteen,
            Ground::Incapacitated,
            Ground::MinorCorrectedNoHarm,
            Ground::NoFault,
        ]
    );
    assert_eq!(
        Ground::with_effect(Effect::MayWaive),
        vec![Ground::FirstOffenceSlightHarmCorrected]
    );
    assert_eq!(Ground::with_effect(Effect::Aggravation).len(), 4);
    assert!(Effect::OptionalMitigation.mitigates() && !Effect::Aggravation.mitigates());
}

#[test]
fn keys_and_labels_are_unique_and_parse_back() {
    let keys: HashSet<&str> = Ground::ALL.iter().map(|g| g.key()).collect();
    let labels: HashSet<&str> = Ground::ALL.iter().map(|g| g.label()).collect();
    assert_eq!(keys.len(), Ground::ALL.len());
    assert_eq!(labels.len(), Ground::ALL.len());
    for g in Ground::ALL {
        assert_eq!(Ground::parse(g.key()), Some(g));
        assert_eq!(Ground::parse(g.label()), Some(g));
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, format!("\"{}\"", g.key()));
    }
    assert_eq!(Ground::parse("表现良好"), None);
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn fourteen_and_eighteen_are_reached_the_day_after_the_birthday() {
    let birth = date(2010, 6, 15);
    assert_eq!(
        age_ground(birth, date(2024, 6, 14)),
        Some(Ground::UnderFourteen)
    );
    assert_eq!(
        age_ground(birth, date(2024, 6, 15)),
        Some(Ground::UnderFourteen)
    );
    assert_eq!(
        age_ground(birth, date(2024, 6, 16)),
        Some(Ground::Aged14To18)
    );
    assert_eq!(
        age_ground(birth, date(2028, 6, 15)),
        Some(Ground::Aged14To18)
    );
    assert_eq!(age_ground(birth, date(2028, 6, 16)), None);
}

#[test]
fn a_leap_day_birthday_falls_on_the_last_day_of_february() {
    let birth = date(2008, 2, 29);
    assert_eq!(
        age_ground(birth, date(2022, 2, 28)),
        Some(Ground::UnderFourteen)
    );
    assert_eq!(
        age_ground(birth, date(2022, 3, 1)),
        Some(Ground::Aged14To18)
    );
    assert_eq!(age_ground(birth, date(2026, 3, 1)), None);
}
