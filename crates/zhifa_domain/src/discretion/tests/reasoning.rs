use super::*;

fn tiers() -> Vec<BenchmarkTier> {
    vec![tier("一般", PartyType::Any, Some(range(1000, 5000)))]
}

fn proposal_with(grounds: &[Ground], statutory: Option<FineRange>) -> Proposal {
    let tiers = tiers();
    propose(
        &benchmark(&tiers),
        &ProposalRequest {
            tier: "一般",
            party: PartyType::Organisation,
            statutory,
            grounds,
            mitigation: Mitigation::Lighter,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap()
}

#[test]
fn the_paragraph_states_facts_basis_tier_grounds_and_amount() {
    let p = proposal_with(&[Ground::EliminatedHarm], Some(range(500, 10000)));
    let text = reasoning_text(
        "当事人于2024年3月1日在某村道路旁堆放建筑垃圾约5立方米。",
        &p,
        yuan(2000),
        None,
    );
    assert_eq!(
        text,
        "经查，当事人于2024年3月1日在某村道路旁堆放建筑垃圾约5立方米。\
         上述行为属于“违法行为甲”，依据为《某某条例》第十条。\
         法定罚款幅度为500.00元至10,000.00元。\
         依照裁量基准（某县裁量基准），本案适用“一般”档（适用情形：一般的情形），该档罚款幅度为1,000.00元至5,000.00元。\
         当事人具有以下情节：主动消除或者减轻违法行为危害后果（《行政处罚法》第三十二条第（一）项）。\
         依法从轻处罚，建议罚款幅度为1,000.00元至3,000.00元。\
         综合考虑违法行为的事实、性质、情节以及社会危害程度，决定处以罚款2,000.00元。"
    );
    assert_eq!(
        text,
        reasoning_text(
            "当事人于2024年3月1日在某村道路旁堆放建筑垃圾约5立方米。",
            &p,
            yuan(2000),
            None
        )
    );
}

#[test]
fn a_departure_carries_its_reasons_and_a_conforming_amount_does_not() {
    let p = proposal_with(&[Ground::Repeated, Ground::DuringEmergency], None);
    let outside = reasoning_text("事实", &p, fen(250_050), Some("  疫情防控期间多次违法；"));
    assert!(
        outside.contains("依法从重处罚，建议罚款幅度为3,000.00元至5,000.00元。"),
        "{outside}"
    );
    assert!(outside.contains("再次违法或者屡教不改（《行政处罚法》第五条第二款）；在突发事件期间违反突发事件应对措施（《行政处罚法》第四十九条）"), "{outside}");
    assert!(outside.contains("决定处以罚款2,500.50元。"), "{outside}");
    assert!(
        outside.ends_with("该罚款数额不在建议幅度内，理由是：疫情防控期间多次违法。"),
        "{outside}"
    );
    assert!(!outside.contains("法定罚款幅度"));
    let inside = reasoning_text("事实", &p, yuan(4000), Some("无须说明"));
    assert!(!inside.contains("理由"), "{inside}");
}

#[test]
fn without_grounds_or_numbers_the_paragraph_says_so() {
    let tiers = vec![tier("另行规定", PartyType::Any, None)];
    let p = propose(
        &benchmark(&tiers),
        &ProposalRequest {
            tier: "另行规定",
            party: PartyType::Individual,
            statutory: None,
            grounds: &[],
            mitigation: Mitigation::Lighter,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap();
    let text = reasoning_text("事实。", &p, yuan(300), Some("参照同类案件"));
    assert!(text.starts_with("经查，事实。上述"), "{text}");
    assert!(
        text.contains("该档处罚内容为：责令改正，依法处罚。"),
        "{text}"
    );
    assert!(
        text.contains("本案没有从轻、减轻或者从重处罚的情节。"),
        "{text}"
    );
    assert!(
        text.contains("按一般情节裁量，裁量基准未规定具体罚款数额。"),
        "{text}"
    );
    assert!(
        text.ends_with("确定该罚款数额，理由是：参照同类案件。"),
        "{text}"
    );
}

#[test]
fn mitigation_mixed_grounds_and_waivable_first_offences_are_worded() {
    let tiers = tiers();
    let mitigated = propose(
        &benchmark(&tiers),
        &ProposalRequest {
            tier: "一般",
            party: PartyType::Individual,
            statutory: Some(range(500, 10000)),
            grounds: &[Ground::Aged14To18],
            mitigation: Mitigation::Mitigated,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap();
    let text = reasoning_text("事实", &mitigated, yuan(300), None);
    assert!(text.contains("已满十四周岁不满十八周岁的未成年人（《行政处罚法》第三十条）"));
    assert!(
        text.contains("依法减轻处罚，建议罚款幅度为0.01元至499.99元，低于法定最低罚款额。"),
        "{text}"
    );

    let mixed = proposal_with(&[Ground::CoercedOrLured, Ground::SeriousConsequences], None);
    let text = reasoning_text("事实", &mixed, yuan(3000), None);
    assert!(
        text.contains("从轻与从重情节并存，经综合考量，建议罚款幅度为1,000.00元至5,000.00元。"),
        "{text}"
    );

    let waivable = proposal_with(&[Ground::FirstOffenceSlightHarmCorrected], None);
    let text = reasoning_text("事实", &waivable, yuan(3000), None);
    assert!(
        text.contains("依法可以不予行政处罚，本机关综合考虑后仍予处罚。"),
        "{text}"
    );
}
