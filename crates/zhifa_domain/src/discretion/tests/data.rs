//! The shipped data files, imported as they are.

use super::*;

fn benchmarks() -> BenchmarkTable {
    BenchmarkTable::import_jsonl(BENCHMARKS).unwrap()
}

fn exemptions() -> LenientList {
    LenientList::import_jsonl(EXEMPTIONS).unwrap()
}

#[test]
fn the_shipped_benchmarks_import_in_full() {
    let table = benchmarks();
    assert_eq!(table.len(), 23);
    let violations = table.violations();
    assert_eq!(violations.len(), 11);
    let tiers: usize = violations.iter().map(|v| v.tiers.len()).sum();
    assert_eq!(tiers, 23);
    assert_eq!(table.tiers().iter().filter(|t| t.fine.is_none()).count(), 1);
}

#[test]
fn the_deyang_straw_burning_row_is_read_exactly() {
    let table = benchmarks();
    let v = table
        .violation(
            "露天焚烧秸秆、枯枝、落叶、杂草等产生烟尘污染的物质",
            "《大气污染防治法》第七十七条(禁止)、第一百一十九条第一款(罚则)",
        )
        .unwrap();
    assert_eq!(v.tiers.len(), 1);
    let t = v.tiers[0];
    assert_eq!(t.tier, "法定幅度");
    assert_eq!(t.fine, Some(range(500, 2000)));
    assert_eq!(t.fine.unwrap().min(), fen(50_000));
    assert_eq!(t.party, PartyType::Individual);
    assert_eq!(t.source.issuer, "德阳市人民政府(四川)");
    assert_eq!(t.source.date.as_deref(), Some("2022-05-06"));
    assert_eq!(
        t.source.url.as_deref(),
        Some("https://www.deyang.gov.cn/gk/zfxxgk/fdnr/zfwjjjd/zfwj/dfg/1639958.htm")
    );
    assert_eq!(
        t.statutory_range_text.as_deref(),
        Some("责令改正,可处500-2000元")
    );
}

#[test]
fn the_household_waste_tiers_split_by_party() {
    let table = benchmarks();
    let v = table
        .violation(
            "未将生活垃圾分类投放到指定收集点或容器",
            "《广东省城乡生活垃圾处理条例》",
        )
        .unwrap();
    assert_eq!(v.tiers.len(), 4);
    let first_org = v.tier("初次", PartyType::Organisation).unwrap();
    assert_eq!(first_org.fine, Some(range(5000, 5000)));
    let again_person = v.tier("再次", PartyType::Individual).unwrap();
    assert_eq!(again_person.fine, Some(range(200, 200)));
    assert_eq!(again_person.penalty, "个人200元");
    let refusal = v.tier("初次", PartyType::Any).unwrap_err();
    assert_eq!(refusal.code, "discretion.ambiguous_tier");
}

#[test]
fn a_row_without_numbers_is_kept_with_its_penalty_text() {
    let table = benchmarks();
    let t = table.tiers().last().unwrap();
    assert_eq!(t.fine, None);
    assert_eq!(t.tier, "—");
    assert_eq!(t.party, PartyType::Any);
    assert_eq!(t.range_text(), "见处罚内容：附件表格未能取回");
    assert!(t.note.as_deref().unwrap().contains("川建行规〔2025〕18号"));
}

#[test]
fn the_no_fine_tiers_are_zero_to_zero() {
    let table = benchmarks();
    let zero: Vec<&BenchmarkTier> = table
        .tiers()
        .iter()
        .filter(|t| t.fine == Some(range(0, 0)))
        .collect();
    assert_eq!(zero.len(), 2);
    assert!(
        zero.iter()
            .all(|t| t.tier == "不罚" && t.penalty == "不予罚款")
    );
}

#[test]
fn the_shipped_lenient_lists_import_in_full() {
    let list = exemptions();
    assert_eq!(list.len(), 26);
    let count = |kind| list.items().iter().filter(|i| i.kind == kind).count();
    assert_eq!(
        count(ExemptionKind::FirstOffence),
        15,
        "首违免罚 12 + 首查免罚 3"
    );
    assert_eq!(count(ExemptionKind::Statutory), 8);
    assert_eq!(count(ExemptionKind::Minor), 1);
    assert_eq!(count(ExemptionKind::MinorOrFirstOffence), 1);
    assert_eq!(count(ExemptionKind::Definition), 1);
    assert_eq!(count(ExemptionKind::NoFault), 0);
    assert_eq!(
        list.items()
            .iter()
            .filter(|i| i.source_url.is_none())
            .count(),
        4,
        "the Shanghai rows have no address"
    );
}

#[test]
fn known_lenient_rows_are_read_exactly() {
    let list = exemptions();
    let first = &list.items()[0];
    assert_eq!(first.list, "上海市城市管理轻微违法违规行为免罚清单");
    assert_eq!(first.item, "施工单位未按要求在建设工程施工现场进行公示");
    assert_eq!(first.kind_text, "首违免罚");
    assert_eq!(first.date.as_deref(), Some("2020-08-18"));
    let changde = list.matching("", Some("《城市道路管理条例》第二十七条"));
    assert_eq!(changde.len(), 3);
    assert!(changde.iter().all(|i| i.kind_text == "首查免罚"));
    let fireworks = list.matching("燃放烟花爆竹", None);
    assert_eq!(fireworks.len(), 1);
    assert_eq!(fireworks[0].kind, ExemptionKind::Statutory);
    assert_eq!(fireworks[0].kind_text, "不予处罚(法定情形)");
    let definitions = list.definitions();
    assert_eq!(definitions.len(), 1);
    assert!(definitions[0].item.contains("12个月内第1次发现"));
    assert!(list.matching(&definitions[0].item, None).is_empty());
}

#[test]
fn a_proposal_on_the_shipped_straw_burning_benchmark() {
    let table = benchmarks();
    let v = table
        .violation(
            "露天焚烧秸秆、枯枝、落叶、杂草等产生烟尘污染的物质",
            "《大气污染防治法》第七十七条(禁止)、第一百一十九条第一款(罚则)",
        )
        .unwrap();
    // 《大气污染防治法》第一百一十九条第一款: 五百元以上二千元以下.
    let p = propose(
        &v,
        &ProposalRequest {
            tier: "法定幅度",
            party: PartyType::Individual,
            statutory: Some(range(500, 2000)),
            grounds: &[Ground::EliminatedHarm],
            mitigation: Mitigation::Lighter,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap();
    assert_eq!(p.range, Some(range(500, 1250)));
    assert!(check_choice(&p, yuan(800), None).is_ok());
    let refusal = check_choice(&p, yuan(2500), Some("情节恶劣")).unwrap_err();
    assert_eq!(refusal.code, "discretion.above_statutory_maximum");
}

#[test]
fn the_shipped_no_fine_tier_is_not_a_fine() {
    let table = benchmarks();
    let v = &table.violations()[4];
    assert_eq!(v.tiers.len(), 2);
    let refusal = propose(
        v,
        &ProposalRequest {
            tier: "不罚",
            party: PartyType::Individual,
            statutory: Some(range(20, 50)),
            grounds: &[],
            mitigation: Mitigation::Lighter,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(refusal.code, "discretion.tier_without_fine");
    let p = propose(
        v,
        &ProposalRequest {
            tier: "拒不改正",
            party: PartyType::Individual,
            statutory: Some(range(20, 50)),
            grounds: &[],
            mitigation: Mitigation::Lighter,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap();
    assert_eq!(p.range, Some(range(50, 50)));
}
