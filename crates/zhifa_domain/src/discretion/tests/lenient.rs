use super::*;
use proptest::prelude::*;

fn list() -> LenientList {
    LenientList::import_jsonl(EXEMPTIONS).unwrap()
}

const UNLISTED: &str = "某未列入清单的违法行为";

#[test]
fn minor_corrected_and_harmless_must_not_be_punished_listed_or_not() {
    let list = list();
    let facts = ExemptionFacts {
        minor: true,
        corrected_promptly: true,
        harm: Harm::None,
        ..ExemptionFacts::default()
    };
    let a = assess_exemption(&list, UNLISTED, None, &facts);
    assert_eq!(a.outcome, ExemptionOutcome::MustNotPunish);
    assert_eq!(a.basis, Some("《行政处罚法》第三十三条第一款"));
    assert_eq!(a.ground, Some(Ground::MinorCorrectedNoHarm));
    assert!(a.listed.is_empty());
    assert_eq!(a.requires, vec![Requirement::EducationRecord]);

    let a = assess_exemption(&list, "户外广告", None, &facts);
    assert_eq!(a.outcome, ExemptionOutcome::MustNotPunish);
    assert_eq!(a.listed.len(), 1);
    assert_eq!(
        a.requires,
        vec![Requirement::EducationRecord, Requirement::CommitmentLetter]
    );
}

#[test]
fn a_first_offence_with_slight_harm_corrected_may_go_unpunished_on_a_promise() {
    let list = list();
    let facts = ExemptionFacts {
        first_offence: true,
        corrected_promptly: true,
        harm: Harm::Slight,
        ..ExemptionFacts::default()
    };
    let a = assess_exemption(&list, "擅自占用城市道路", None, &facts);
    assert_eq!(a.outcome, ExemptionOutcome::MayNotPunish);
    assert_eq!(a.basis, Some("《行政处罚法》第三十三条第一款"));
    assert_eq!(a.ground, Some(Ground::FirstOffenceSlightHarmCorrected));
    assert_eq!(a.listed.len(), 1);
    assert!(a.listed[0].conditions.contains("占用面积≤5㎡"));
    assert_eq!(
        a.requires,
        vec![Requirement::EducationRecord, Requirement::CommitmentLetter]
    );
}

#[test]
fn proven_absence_of_fault_is_the_second_paragraph_and_needs_no_promise() {
    let facts = ExemptionFacts {
        no_fault_proven: true,
        harm: Harm::Serious,
        ..ExemptionFacts::default()
    };
    let list = list();
    let a = assess_exemption(&list, UNLISTED, None, &facts);
    assert_eq!(a.outcome, ExemptionOutcome::MustNotPunish);
    assert_eq!(a.basis, Some("《行政处罚法》第三十三条第二款"));
    assert_eq!(a.requires, vec![Requirement::EducationRecord]);
}

#[test]
fn a_case_that_is_not_corrected_or_too_harmful_does_not_qualify() {
    let list = list();
    let uncorrected = ExemptionFacts {
        first_offence: true,
        minor: true,
        corrected_promptly: false,
        ..ExemptionFacts::default()
    };
    let a = assess_exemption(&list, "户外广告", None, &uncorrected);
    assert_eq!(a.outcome, ExemptionOutcome::NotQualified);
    assert_eq!(a.unmet, vec!["未及时改正"]);
    assert!(a.requires.is_empty() && a.basis.is_none());
    assert_eq!(a.listed.len(), 1, "the listed item is still shown");

    let harmful = ExemptionFacts {
        first_offence: true,
        corrected_promptly: true,
        harm: Harm::Serious,
        ..ExemptionFacts::default()
    };
    let a = assess_exemption(&list, UNLISTED, None, &harmful);
    assert_eq!(a.unmet, vec!["危害后果不属轻微"]);

    let repeat_with_harm = ExemptionFacts {
        minor: true,
        corrected_promptly: true,
        harm: Harm::Slight,
        ..ExemptionFacts::default()
    };
    let a = assess_exemption(&list, UNLISTED, None, &repeat_with_harm);
    assert_eq!(a.unmet, vec!["造成了危害后果，且不是初次违法"]);
}

#[test]
fn a_matter_is_found_by_its_legal_basis_too() {
    let list = list();
    let facts = ExemptionFacts {
        minor: true,
        corrected_promptly: true,
        ..ExemptionFacts::default()
    };
    let a = assess_exemption(
        &list,
        UNLISTED,
        Some("《中华人民共和国大气污染防治法》第一百一十九条"),
        &facts,
    );
    assert_eq!(a.listed.len(), 1);
    assert_eq!(a.listed[0].item, "露天焚烧、露天烧烤");
}

#[test]
fn requirements_name_their_documents_and_provisions() {
    assert_eq!(Requirement::EducationRecord.label(), "教育记录");
    assert_eq!(
        Requirement::EducationRecord.basis(),
        "《行政处罚法》第三十三条第三款"
    );
    assert_eq!(Requirement::CommitmentLetter.label(), "承诺书");
}

fn harm() -> impl Strategy<Value = Harm> {
    prop_oneof![Just(Harm::None), Just(Harm::Slight), Just(Harm::Serious)]
}

proptest! {
    #[test]
    fn every_outcome_is_explained(
        first_offence in any::<bool>(),
        minor in any::<bool>(),
        corrected_promptly in any::<bool>(),
        harm in harm(),
        no_fault_proven in any::<bool>(),
    ) {
        let list = LenientList::default();
        let facts = ExemptionFacts { first_offence, minor, corrected_promptly, harm, no_fault_proven };
        let a = assess_exemption(&list, UNLISTED, None, &facts);
        match a.outcome {
            ExemptionOutcome::NotQualified => {
                prop_assert!(!a.unmet.is_empty());
                prop_assert!(a.basis.is_none() && a.requires.is_empty());
            }
            _ => {
                prop_assert!(a.unmet.is_empty());
                prop_assert!(a.requires.contains(&Requirement::EducationRecord));
                prop_assert_eq!(a.basis, a.ground.map(Ground::basis));
                prop_assert!(corrected_promptly || no_fault_proven);
                prop_assert!(harm != Harm::Serious || no_fault_proven);
            }
        }
        if a.outcome == ExemptionOutcome::MayNotPunish {
            prop_assert!(a.requires.contains(&Requirement::CommitmentLetter));
        }
    }
}
