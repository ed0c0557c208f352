use super::*;
use crate::Refusal;
use proptest::prelude::*;

/// Tier 一般: 1000 – 5000 元; statute: 500 – 10000 元.
fn tiers() -> Vec<BenchmarkTier> {
    vec![
        tier("一般", PartyType::Any, Some(range(1000, 5000))),
        tier("严重", PartyType::Organisation, Some(range(5000, 10000))),
        tier("严重", PartyType::Individual, Some(range(2000, 4000))),
        tier("另行规定", PartyType::Any, None),
        tier("不罚", PartyType::Any, Some(range(0, 0))),
    ]
}

fn request<'a>(grounds: &'a [Ground], mitigation: Mitigation) -> ProposalRequest<'a> {
    ProposalRequest {
        tier: "一般",
        party: PartyType::Individual,
        statutory: Some(range(500, 10000)),
        grounds,
        mitigation,
    }
}

fn proposal(grounds: &[Ground], mitigation: Mitigation) -> Result<Proposal, Refusal> {
    let tiers = tiers();
    propose(
        &benchmark(&tiers),
        &request(grounds, mitigation),
        &DiscretionPolicy::default(),
    )
}

#[test]
fn without_grounds_the_whole_tier_is_proposed() {
    let p = proposal(&[], Mitigation::Lighter).unwrap();
    assert_eq!(p.direction, Direction::Neutral);
    assert_eq!(p.range, Some(range(1000, 5000)));
    assert!(!p.needs_legal_review && !p.may_waive);
    assert_eq!(p.tier_range, Some(range(1000, 5000)));
    assert_eq!(p.benchmark_document, "某县裁量基准");
}

#[test]
fn each_mitigating_ground_lightens_to_the_lower_half() {
    for g in Ground::ALL.into_iter().filter(|g| g.effect().mitigates()) {
        let p = proposal(&[g], Mitigation::Lighter).unwrap();
        assert_eq!(p.direction, Direction::Lighter, "{g:?}");
        assert_eq!(p.range, Some(range(1000, 3000)), "{g:?}");
    }
}

#[test]
fn each_aggravating_ground_weighs_to_the_upper_half() {
    for g in Ground::with_effect(Effect::Aggravation) {
        let p = proposal(&[g], Mitigation::Lighter).unwrap();
        assert_eq!(p.direction, Direction::Heavier, "{g:?}");
        assert_eq!(p.range, Some(range(3000, 5000)), "{g:?}");
        assert!(!p.has_mitigating_ground());
    }
}

#[test]
fn mitigation_goes_below_the_statutory_minimum() {
    let p = proposal(&[Ground::CoercedOrLured], Mitigation::Mitigated).unwrap();
    assert_eq!(p.direction, Direction::Mitigated);
    assert_eq!(
        p.range,
        FineRange::new(fen(1), fen(49_999)),
        "from 1 分 to just below 500元"
    );
    let tiers = tiers();
    let floor_half = DiscretionPolicy {
        mitigated_floor_percent: 50,
        ..DiscretionPolicy::default()
    };
    let p = propose(
        &benchmark(&tiers),
        &request(&[Ground::CoercedOrLured], Mitigation::Mitigated),
        &floor_half,
    )
    .unwrap();
    assert_eq!(p.range, FineRange::new(yuan(250), fen(49_999)));
}

#[test]
fn mitigation_needs_a_ground_and_a_statutory_minimum() {
    let refusal = proposal(&[Ground::Repeated], Mitigation::Mitigated).unwrap_err();
    assert_eq!(refusal.code, "discretion.mitigated_without_ground");
    assert_eq!(refusal.basis, Some("《行政处罚法》第三十二条"));
    let tiers = tiers();
    for (statutory, code) in [
        (None, "discretion.mitigation_needs_statutory_range"),
        (Some(range(0, 10000)), "discretion.no_minimum_to_go_below"),
    ] {
        let refusal = propose(
            &benchmark(&tiers),
            &ProposalRequest {
                statutory,
                ..request(&[Ground::EliminatedHarm], Mitigation::Mitigated)
            },
            &DiscretionPolicy::default(),
        )
        .unwrap_err();
        assert_eq!(refusal.code, code);
    }
}

#[test]
fn mitigating_and_aggravating_grounds_together_keep_the_tier_and_go_to_review() {
    let p = proposal(
        &[Ground::Repeated, Ground::EliminatedHarm],
        Mitigation::Lighter,
    )
    .unwrap();
    assert_eq!(p.direction, Direction::Mixed);
    assert_eq!(p.range, Some(range(1000, 5000)));
    assert!(p.needs_legal_review);
    let p = proposal(
        &[Ground::Repeated, Ground::EliminatedHarm],
        Mitigation::Mitigated,
    )
    .unwrap();
    assert_eq!(p.direction, Direction::Mitigated);
    assert!(p.needs_legal_review);
}

#[test]
fn a_no_penalty_ground_refuses_any_fine_citing_its_article() {
    for g in Ground::with_effect(Effect::NoPenalty) {
        let refusal = proposal(&[Ground::Repeated, g], Mitigation::Lighter).unwrap_err();
        assert_eq!(refusal.code, "discretion.no_penalty_ground");
        assert_eq!(refusal.basis, Some(g.basis()));
        assert!(refusal.message.contains(g.label()));
    }
}

#[test]
fn a_first_offence_that_could_be_waived_is_flagged_but_not_moved() {
    let p = proposal(
        &[Ground::FirstOffenceSlightHarmCorrected],
        Mitigation::Lighter,
    )
    .unwrap();
    assert!(p.may_waive);
    assert_eq!(p.direction, Direction::Neutral);
    assert_eq!(p.range, Some(range(1000, 5000)));
}

#[test]
fn grounds_are_kept_once_in_checklist_order() {
    let p = proposal(
        &[Ground::Repeated, Ground::EliminatedHarm, Ground::Repeated],
        Mitigation::Lighter,
    )
    .unwrap();
    assert_eq!(p.grounds, vec![Ground::EliminatedHarm, Ground::Repeated]);
}

#[test]
fn the_dividing_point_is_configurable() {
    let tiers = tiers();
    let forty = DiscretionPolicy {
        midpoint_percent: 40,
        ..DiscretionPolicy::default()
    };
    let lighter = propose(
        &benchmark(&tiers),
        &request(&[Ground::EliminatedHarm], Mitigation::Lighter),
        &forty,
    )
    .unwrap();
    assert_eq!(lighter.range, Some(range(1000, 2600)));
    let heavier = propose(
        &benchmark(&tiers),
        &request(&[Ground::SeriousConsequences], Mitigation::Lighter),
        &forty,
    )
    .unwrap();
    assert_eq!(heavier.range, Some(range(2600, 5000)));
}

#[test]
fn a_tier_for_the_party_is_preferred_and_a_missing_one_lists_the_choices() {
    let tiers = tiers();
    let b = benchmark(&tiers);
    let org = ProposalRequest {
        tier: "严重",
        party: PartyType::Organisation,
        ..request(&[], Mitigation::Lighter)
    };
    let p = propose(&b, &org, &DiscretionPolicy::default()).unwrap();
    assert_eq!(p.range, Some(range(5000, 10000)));
    let missing = ProposalRequest {
        tier: "特别严重",
        ..org
    };
    let refusal = propose(&b, &missing, &DiscretionPolicy::default()).unwrap_err();
    assert_eq!(refusal.code, "discretion.no_such_tier");
    assert_eq!(refusal.field, Some("tier"));
    assert!(
        refusal.message.contains("严重（单位）"),
        "{}",
        refusal.message
    );
}

#[test]
fn a_tier_beyond_the_statute_or_without_a_fine_is_refused() {
    let tiers = tiers();
    let b = benchmark(&tiers);
    let narrow = ProposalRequest {
        statutory: Some(range(500, 3000)),
        ..request(&[], Mitigation::Lighter)
    };
    let refusal = propose(&b, &narrow, &DiscretionPolicy::default()).unwrap_err();
    assert_eq!(refusal.code, "discretion.tier_outside_statutory");
    assert_eq!(refusal.basis, Some("《行政处罚法》第三十四条"));
    let none = ProposalRequest {
        tier: "不罚",
        ..request(&[], Mitigation::Lighter)
    };
    let refusal = propose(&b, &none, &DiscretionPolicy::default()).unwrap_err();
    assert_eq!(refusal.code, "discretion.tier_without_fine");
}

#[test]
fn a_tier_without_numbers_falls_back_to_the_statute_or_to_nothing() {
    let tiers = tiers();
    let b = benchmark(&tiers);
    let text_only = ProposalRequest {
        tier: "另行规定",
        ..request(&[Ground::EliminatedHarm], Mitigation::Lighter)
    };
    let p = propose(&b, &text_only, &DiscretionPolicy::default()).unwrap();
    assert_eq!(p.tier_range, None);
    assert_eq!(p.range, Some(range(500, 5250)));
    let bare = ProposalRequest {
        statutory: None,
        ..text_only
    };
    let p = propose(&b, &bare, &DiscretionPolicy::default()).unwrap();
    assert_eq!(p.range, None);
    assert_eq!(p.direction, Direction::Lighter);
}

fn neutral() -> Proposal {
    proposal(&[], Mitigation::Lighter).unwrap()
}

#[test]
fn a_choice_within_the_proposal_needs_no_reasons() {
    let check = check_choice(&neutral(), yuan(3000), None).unwrap();
    assert_eq!(
        check,
        ChoiceCheck {
            position: ChoicePosition::WithinProposal,
            reasons_required: false,
            needs_legal_review: false,
        }
    );
    let mixed = proposal(
        &[Ground::Repeated, Ground::EliminatedHarm],
        Mitigation::Lighter,
    )
    .unwrap();
    assert!(
        check_choice(&mixed, yuan(3000), None)
            .unwrap()
            .needs_legal_review
    );
}

#[test]
fn a_choice_outside_the_proposal_needs_written_reasons_and_review() {
    let p = neutral();
    for chosen in [yuan(800), yuan(6000)] {
        for reasons in [None, Some(""), Some("  \n")] {
            let refusal = check_choice(&p, chosen, reasons).unwrap_err();
            assert_eq!(refusal.code, "discretion.reasons_required");
            assert_eq!(refusal.basis, Some("《行政处罚法》第三十四条"));
            assert_eq!(refusal.field, Some("reasons"));
            assert!(
                refusal.message.contains("1,000.00元至5,000.00元"),
                "{}",
                refusal.message
            );
        }
        let check = check_choice(&p, chosen, Some("当事人拒不改正，持续时间长")).unwrap();
        assert_eq!(check.position, ChoicePosition::OutsideProposal);
        assert!(check.reasons_required && check.needs_legal_review);
    }
}

#[test]
fn a_choice_above_the_statutory_maximum_is_always_refused() {
    let p = neutral();
    let refusal = check_choice(&p, fen(1_000_001), Some("情节特别严重")).unwrap_err();
    assert_eq!(refusal.code, "discretion.above_statutory_maximum");
    assert_eq!(refusal.basis, Some("《行政处罚法》第三十八条第一款"));
    assert!(
        refusal.message.contains("最高额10,000.00元"),
        "{}",
        refusal.message
    );
    assert!(
        refusal.message.contains("《某某条例》第十条"),
        "{}",
        refusal.message
    );
    assert!(check_choice(&p, yuan(10000), Some("情节特别严重")).is_ok());
}

#[test]
fn a_choice_below_the_statutory_minimum_needs_a_mitigating_ground() {
    let refusal = check_choice(&neutral(), yuan(400), Some("当事人经济困难")).unwrap_err();
    assert_eq!(refusal.code, "discretion.below_statutory_minimum");
    assert_eq!(refusal.basis, Some("《行政处罚法》第三十二条"));
    let heavier = proposal(&[Ground::Repeated], Mitigation::Lighter).unwrap();
    assert!(check_choice(&heavier, yuan(400), Some("理由")).is_err());

    let mitigated = proposal(&[Ground::MeritoriousCooperation], Mitigation::Mitigated).unwrap();
    let check = check_choice(&mitigated, yuan(400), None).unwrap();
    assert_eq!(check.position, ChoicePosition::WithinProposal);

    let lighter = proposal(&[Ground::MeritoriousCooperation], Mitigation::Lighter).unwrap();
    assert_eq!(
        check_choice(&lighter, yuan(400), None).unwrap_err().code,
        "discretion.reasons_required"
    );
    let check = check_choice(&lighter, yuan(400), Some("有立功表现，依法减轻")).unwrap();
    assert!(check.needs_legal_review);
}

#[test]
fn a_fine_of_nothing_is_not_a_fine() {
    let refusal = check_choice(&neutral(), Fen::ZERO, Some("理由")).unwrap_err();
    assert_eq!(refusal.code, "discretion.fine_not_positive");
    assert!(
        Fen::new(-100).is_err(),
        "a negative fine cannot even be written"
    );
}

#[test]
fn without_any_numbers_every_amount_needs_reasons() {
    let tiers = tiers();
    let bare = ProposalRequest {
        tier: "另行规定",
        statutory: None,
        ..request(&[], Mitigation::Lighter)
    };
    let p = propose(&benchmark(&tiers), &bare, &DiscretionPolicy::default()).unwrap();
    let refusal = check_choice(&p, yuan(100), None).unwrap_err();
    assert_eq!(refusal.code, "discretion.reasons_required");
    assert!(refusal.message.contains("责令改正，依法处罚"));
    let check = check_choice(&p, yuan(100), Some("参照同类案件")).unwrap();
    assert_eq!(check.position, ChoicePosition::NoProposedRange);
    assert!(check.needs_legal_review);
}

fn fine_range() -> impl Strategy<Value = FineRange> {
    (0i64..2_000_000, 0i64..2_000_000)
        .prop_map(|(a, b)| FineRange::new(fen(a.min(b)), fen(a.max(b))).unwrap())
}

/// A statutory range, and a tier range inside it (or none).
fn ranges() -> impl Strategy<Value = (FineRange, Option<FineRange>)> {
    fine_range().prop_flat_map(|s| {
        let (lo, hi) = (s.min().get(), s.max().get());
        let inner = (lo..=hi, lo..=hi)
            .prop_map(|(a, b)| FineRange::new(fen(a.min(b)), fen(a.max(b))).unwrap());
        (Just(s), proptest::option::of(inner))
    })
}

fn grounds() -> impl Strategy<Value = Vec<Ground>> {
    let allowed: Vec<Ground> = Ground::ALL
        .into_iter()
        .filter(|g| g.effect() != Effect::NoPenalty)
        .collect();
    proptest::sample::subsequence(allowed.clone(), 0..=allowed.len())
}

proptest! {
    #[test]
    fn the_proposal_stays_in_the_statutory_range_unless_mitigated(
        (statutory, tier_range) in ranges(),
        grounds in grounds(),
        mitigated in any::<bool>(),
        midpoint in 0u32..=120,
        floor in 0u32..=120,
        chosen in 0i64..2_500_000,
    ) {
        let tiers = [tier("档", PartyType::Any, tier_range)];
        let mitigation = if mitigated { Mitigation::Mitigated } else { Mitigation::Lighter };
        let policy = DiscretionPolicy { midpoint_percent: midpoint, mitigated_floor_percent: floor };
        let request = ProposalRequest {
            tier: "档",
            party: PartyType::Organisation,
            statutory: Some(statutory),
            grounds: &grounds,
            mitigation,
        };
        let Ok(p) = propose(&benchmark(&tiers), &request, &policy) else {
            return Ok(());
        };
        let r = p.range.expect("a statutory range always gives a proposal");
        if p.direction == Direction::Mitigated {
            prop_assert!(p.has_mitigating_ground());
            prop_assert!(r.max() < statutory.min());
        } else {
            prop_assert!(statutory.covers(r), "{r} outside {statutory}");
            prop_assert!(tier_range.unwrap_or(statutory).covers(r));
        }
        let chosen = fen(chosen);
        if let Ok(check) = check_choice(&p, chosen, Some("书面理由")) {
            prop_assert!(chosen <= statutory.max());
            prop_assert!(chosen >= statutory.min() || p.has_mitigating_ground());
            prop_assert_eq!(check.position == ChoicePosition::WithinProposal, r.contains(chosen));
            prop_assert!(check.needs_legal_review || r.contains(chosen));
        }
        if r.contains(chosen) && chosen > Fen::ZERO {
            prop_assert!(check_choice(&p, chosen, None).is_ok());
        }
    }

    #[test]
    fn lighter_never_exceeds_heavier(
        (statutory, tier_range) in ranges(),
        midpoint in 0u32..=100,
    ) {
        let tiers = [tier("档", PartyType::Any, tier_range)];
        let policy = DiscretionPolicy { midpoint_percent: midpoint, ..DiscretionPolicy::default() };
        let run = |g: Ground| {
            let request = ProposalRequest {
                tier: "档",
                party: PartyType::Individual,
                statutory: Some(statutory),
                grounds: &[g],
                mitigation: Mitigation::Lighter,
            };
            propose(&benchmark(&tiers), &request, &policy).map(|p| p.range.unwrap())
        };
        if let (Ok(lighter), Ok(heavier)) = (run(Ground::EliminatedHarm), run(Ground::Repeated)) {
            prop_assert!(lighter.max() <= heavier.min());
            prop_assert!(heavier.min().get() - lighter.max().get() <= 1);
        }
    }
}
