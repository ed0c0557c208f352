//! Search latency over many published decisions: builds an index of N synthetic decisions
//! (default 1,000,000) on disk, then runs a fixed mix of queries — one and two Chinese words,
//! two-character words, a word with a body filter, a date range without words — and prints
//! the build time, the index's size, and p50/p99/max per query kind, with a baseline in the
//! same run: a word no decision has (cutting the words and one term lookup, the least any
//! search costs).
//!
//! ```sh
//! cargo run --release -p zhifa_search --example search_bench -- [N]
//! ```
//!
//! The decisions are drawn with a fixed seed from realistic parts (bodies, acts, facts,
//! penalties), so every run indexes the same text.

use chrono::NaiveDate;
use std::time::{Duration, Instant};
use zhifa_search::{Entry, Query, SearchIndex};

const BODIES: [&str; 20] = [
    "城关镇",
    "青山镇",
    "白云乡",
    "河口镇",
    "新华街道",
    "龙泉镇",
    "石桥乡",
    "清溪镇",
    "金山镇",
    "柳树乡",
    "东城街道",
    "西城街道",
    "南山镇",
    "北坝乡",
    "桃源镇",
    "梅林乡",
    "高坪镇",
    "双河镇",
    "马鞍乡",
    "凤凰镇",
];
const ACTS: [&str; 12] = [
    "未安装油烟净化设施排放餐饮油烟",
    "露天焚烧秸秆、落叶产生烟尘污染",
    "随意倾倒、抛撒生活垃圾",
    "在工地外倾倒建筑垃圾",
    "擅自占用道路从事经营活动",
    "未经批准擅自设置大型户外广告",
    "违反规定饲养犬只影响他人生活",
    "在禁止区域内露天烧烤",
    "未取得乡村建设规划许可证进行建设",
    "擅自砍伐林木",
    "向水体排放油类、酸液",
    "违反规定在人行道停放机动车",
];
const FACTS: [&str; 8] = [
    "经现场检查，当事人承认违法事实，并已及时改正",
    "经群众举报，执法人员现场核查属实，当事人拒不改正",
    "违法行为持续三日，造成周边居民投诉",
    "当事人系初次违法，危害后果轻微",
    "经调查询问，当事人对违法事实无异议",
    "执法人员现场制作检查笔录并拍照取证",
    "当事人在规定期限内未提出陈述申辩",
    "违法行为情节较重，影响市容环境卫生",
];
const OUTCOMES: [&str; 6] = [
    "罚款500元",
    "罚款2000元",
    "警告",
    "罚款5000元并责令改正",
    "罚款100元",
    "没收违法所得并罚款10000元",
];
const KINDS: [&str; 3] = ["penalty", "on_the_spot", "not_punished"];

/// A small, fixed-seed generator (SplitMix64), so every run indexes the same decisions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn decision(rng: &mut Rng, id: i64) -> Entry {
    let body = rng.pick(&BODIES);
    let act = rng.pick(&ACTS);
    let day =
        NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date") + chrono::Days::new(rng.next() % 2000);
    let surname = rng.pick(&["张", "李", "王", "刘", "陈", "杨", "赵", "黄"]);
    let text = format!(
        "{body}罚决〔{}〕{}号 {surname}某 {act} {}。{} 依据有关法律法规 {}",
        day.format("%Y"),
        id % 997 + 1,
        rng.pick(&FACTS),
        rng.pick(&FACTS),
        rng.pick(&OUTCOMES)
    );
    Entry {
        id,
        text,
        body: body.to_string(),
        matter: format!("SC-{:03}", rng.next() % 120),
        kind: rng.pick(&KINDS).to_string(),
        day,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("zhifa-search-bench-{}", std::process::id()));
    let index = SearchIndex::open(&dir).expect("the index opens");
    let mut rng = Rng(2026);
    let started = Instant::now();
    let indexed = index
        .rebuild((1..=n).map(|id| decision(&mut rng, id)))
        .expect("the index builds");
    let built = started.elapsed();
    println!(
        "indexed {indexed} decisions in {:.1} s; index {:.0} MiB",
        built.as_secs_f64(),
        dir_size(&dir) as f64 / (1024.0 * 1024.0)
    );

    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let kinds: Vec<(&str, Vec<Query>)> = vec![
        // The least any search costs: cutting the words, one term lookup, no match.
        (
            "baseline: a word no decision has (潜水艇)",
            vec![q("潜水艇"); 200],
        ),
        ("one word (油烟)", vec![q("油烟"); 200]),
        ("two-character words (罚款 轻微)", vec![q("罚款 轻微"); 200]),
        ("two words (秸秆 焚烧)", vec![q("秸秆 焚烧"); 200]),
        (
            "a word in one body (垃圾 @ 青山镇)",
            vec![
                Query {
                    body: Some("青山镇".into()),
                    ..q("垃圾")
                };
                200
            ],
        ),
        (
            "no words, one year, newest first",
            vec![
                Query {
                    from: day(2024, 1, 1),
                    to: day(2024, 12, 31),
                    limit: 20,
                    ..Query::default()
                };
                200
            ],
        ),
    ];
    println!("| query | runs | p50 | p99 | max | matches |");
    println!("|---|---|---|---|---|---|");
    for (label, queries) in kinds {
        let mut times = Vec::with_capacity(queries.len());
        let mut total = 0;
        for query in &queries {
            let t = Instant::now();
            let hits = index.search(query).expect("the search runs");
            times.push(t.elapsed());
            total = hits.total;
        }
        times.sort();
        println!(
            "| {label} | {} | {} | {} | {} | {total} |",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().expect("runs"))
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn q(text: &str) -> Query {
    Query {
        text: text.into(),
        limit: 20,
        ..Query::default()
    }
}
