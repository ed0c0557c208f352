//! Documents rendered per second: a two-page 行政处罚决定书, from 1 and 2 threads, beside a
//! one-line document through the same engine (the fixed cost of any render), in one run.
//!
//! ```sh
//! cargo run --release -p zhifa_docs --example render_bench -- [SECONDS]
//! ```
//!
//! It prints the one-time load (fonts and every template compiled once), then for each row:
//! documents per second, p50 and p99 of one render, and the PDF's size and page count.

use std::sync::Arc;
use std::time::{Duration, Instant};
use zhifa_docs::{Page, Renderer, Templates};
use zhifa_domain::documents::{DocContent, DocKind, Field};

fn decision() -> DocContent {
    let fact = "经查明：当事人于2026年11月1日14时许，驾驶重型自卸货车在示范县城关镇幸福村村道旁将装修产生的建筑垃圾约三立方米随意倾倒，未采取任何防护措施，亦未经环境卫生主管部门同意。执法人员现场检查时当事人在场，对上述事实无异议，并在现场检查笔录上签字确认。";
    DocContent {
        kind: DocKind::PenaltyDecision,
        title: DocKind::PenaltyDecision.title().into(),
        agency: "示范县城关镇人民政府".into(),
        number: "城关镇罚决〔2026〕18号".into(),
        addressee: String::new(),
        fields: vec![
            Field {
                label: "当事人".into(),
                value: "示范县某某建材有限公司".into(),
            },
            Field {
                label: "统一社会信用代码".into(),
                value: "91510000MA6C3Q7X2K".into(),
            },
            Field {
                label: "法定代表人（负责人）".into(),
                value: "张某".into(),
            },
            Field {
                label: "住所（地址）".into(),
                value: "示范县城关镇工业园区建设路18号".into(),
            },
        ],
        paragraphs: std::iter::repeat_n(fact.to_string(), 6).collect(),
        tables: vec![],
        signatures: vec![],
        date: "2026年11月27日".into(),
        sealed: true,
        case_code: "519901001-2026-0001".into(),
    }
}

fn one_line() -> DocContent {
    DocContent {
        kind: DocKind::ClosingReport,
        title: DocKind::ClosingReport.title().into(),
        agency: "示范县城关镇人民政府".into(),
        number: String::new(),
        addressee: String::new(),
        fields: vec![],
        paragraphs: vec!["本案已结案。".into()],
        tables: vec![],
        signatures: vec![],
        date: "2026年11月27日".into(),
        sealed: false,
        case_code: String::new(),
    }
}

fn page(content: &DocContent) -> Page<'_> {
    Page {
        content,
        code: "ZF7K-2QMX-P4NA",
        verify_url: "https://zhifa.example.gov.cn/verify/ZF7K-2QMX-P4NA",
        issued: true,
        seal: None,
    }
}

/// Renders `content` from `threads` threads for `run`; returns (docs/s, p50, p99).
fn row(
    r: &Arc<Renderer>,
    content: &DocContent,
    threads: usize,
    run: Duration,
) -> (f64, Duration, Duration) {
    let start = Instant::now();
    let times: Vec<Duration> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut times = Vec::new();
                    while start.elapsed() < run {
                        let t = Instant::now();
                        let pdf = r.render(&page(content)).expect("renders");
                        std::hint::black_box(pdf);
                        times.push(t.elapsed());
                    }
                    times
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let mut sorted = times.clone();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 - 1.0) * q) as usize];
    (times.len() as f64 / elapsed, at(0.5), at(0.99))
}

fn pages(pdf: &[u8]) -> usize {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .map(|p| p.len())
        .unwrap_or(0)
}

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let run = Duration::from_secs(seconds);
    let t = Instant::now();
    let r = Arc::new(Renderer::new(Templates::builtin(), Vec::new()).expect("fonts load"));
    r.check().expect("templates compile");
    println!(
        "one-time load (fonts, every template compiled once): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let decision = decision();
    let small = one_line();
    let decision_pdf = r.render(&page(&decision)).unwrap();
    let small_pdf = r.render(&page(&small)).unwrap();
    println!("| document | threads | docs/s | p50 | p99 | PDF size | pages |");
    println!("|---|---|---|---|---|---|---|");
    for (name, content, pdf) in [
        ("baseline: one line", &small, &small_pdf),
        ("行政处罚决定书", &decision, &decision_pdf),
    ] {
        for threads in [1, 2] {
            let (rate, p50, p99) = row(&r, content, threads, run);
            println!(
                "| {name} | {threads} | {rate:.1} | {:.1} ms | {:.1} ms | {} KiB | {} |",
                p50.as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3,
                pdf.len() / 1024,
                pages(pdf)
            );
        }
    }
}
