//! Chinese words found, two-character ones included; all words required; filters; updates
//! and removals; the index on disk reopened.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn entry(id: i64, text: &str, body: &str, kind: &str, day: NaiveDate) -> Entry {
    Entry {
        id,
        text: text.into(),
        body: body.into(),
        matter: format!("M-{}", id % 2),
        kind: kind.into(),
        day,
    }
}

fn corpus() -> Vec<Entry> {
    vec![
        entry(
            1,
            "城关镇罚决〔2026〕1号 张某 未安装油烟净化设施排放餐饮油烟 罚款5000元",
            "CGZ",
            "penalty",
            d(2026, 3, 2),
        ),
        entry(
            2,
            "城关镇当罚〔2026〕1号 李某 随意倾倒生活垃圾 罚款100元",
            "CGZ",
            "on_the_spot",
            d(2026, 5, 9),
        ),
        entry(
            3,
            "青山镇罚决〔2026〕2号 某餐饮有限公司 露天焚烧秸秆 违法行为轻微 罚款2000元",
            "QSZ",
            "penalty",
            d(2026, 8, 1),
        ),
        entry(
            4,
            "青山镇不罚决〔2026〕1号 王某 初次违法 首违不罚 油烟",
            "QSZ",
            "not_punished",
            d(2026, 9, 1),
        ),
    ]
}

fn index() -> SearchIndex {
    let i = SearchIndex::in_memory().unwrap();
    assert_eq!(i.rebuild(corpus()).unwrap(), 4);
    i
}

fn find(i: &SearchIndex, q: Query) -> Vec<i64> {
    let mut ids = i.search(&Query { limit: 10, ..q }).unwrap().ids;
    ids.sort();
    ids
}

fn words(text: &str) -> Query {
    Query {
        text: text.into(),
        ..Query::default()
    }
}

#[test]
fn two_character_words_are_found() {
    let i = index();
    assert_eq!(find(&i, words("油烟")), [1, 4]);
    assert_eq!(find(&i, words("罚款")), [1, 2, 3]);
    assert_eq!(find(&i, words("轻微")), [3]);
    assert_eq!(find(&i, words("秸秆")), [3]);
}

#[test]
fn every_word_of_a_query_is_required() {
    let i = index();
    assert_eq!(find(&i, words("油烟 罚款")), [1]);
    assert_eq!(find(&i, words("餐饮油烟")), [1]);
    assert_eq!(find(&i, words("油烟，秸秆")), Vec::<i64>::new());
    assert_eq!(find(&i, words("  ，。")).len(), 4, "no words: everything");
}

#[test]
fn filters_narrow_by_body_kind_matter_and_dates() {
    let i = index();
    let q = |f: fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        find(&i, q)
    };
    assert_eq!(q(|q| q.body = Some("QSZ".into())), [3, 4]);
    assert_eq!(q(|q| q.kind = Some("penalty".into())), [1, 3]);
    assert_eq!(q(|q| q.matter = Some("M-0".into())), [2, 4]);
    assert_eq!(
        q(|q| {
            q.from = Some(d(2026, 5, 1));
            q.to = Some(d(2026, 8, 1));
        }),
        [2, 3]
    );
    let hits = i
        .search(&Query {
            text: "油烟".into(),
            body: Some("CGZ".into()),
            limit: 10,
            ..Query::default()
        })
        .unwrap();
    assert_eq!((hits.total, hits.ids), (1, vec![1]));
}

#[test]
fn without_words_the_newest_come_first_and_pages_follow() {
    let i = index();
    let page = |offset| {
        i.search(&Query {
            limit: 2,
            offset,
            ..Query::default()
        })
        .unwrap()
    };
    assert_eq!(page(0).ids, [4, 3]);
    assert_eq!(page(2).ids, [2, 1]);
    assert_eq!(page(2).total, 4);
}

#[test]
fn records_are_replaced_and_removed() {
    let i = index();
    i.put(&entry(
        4,
        "青山镇不罚决〔2026〕1号 王某 首违不罚",
        "QSZ",
        "not_punished",
        d(2026, 9, 1),
    ))
    .unwrap();
    assert_eq!(find(&i, words("油烟")), [1]);
    assert_eq!(i.len(), 4);
    i.remove(1).unwrap();
    assert_eq!(find(&i, words("油烟")), Vec::<i64>::new());
    assert_eq!(i.len(), 3);
}

#[test]
fn an_index_on_disk_is_found_again() {
    let dir = tempfile::tempdir().unwrap();
    {
        let i = SearchIndex::open(dir.path()).unwrap();
        i.rebuild(corpus()).unwrap();
    }
    let again = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(again.len(), 4);
    assert_eq!(find(&again, words("秸秆")), [3]);
}
