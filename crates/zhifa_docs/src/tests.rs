//! Rendering: Chinese text that a PDF reader gets back, the same bytes every time, and a
//! template with an error refused at load with its name.

use super::*;

fn renderer() -> Renderer {
    Renderer::new(Templates::builtin(), Vec::new()).expect("the renderer loads")
}

#[test]
fn every_built_in_template_compiles_for_every_kind() {
    renderer().check().expect("the built-in templates compile");
}

fn page(content: &DocContent, issued: bool) -> Page<'_> {
    Page {
        content,
        code: "ZF7K-2QMX-P4",
        verify_url: "http://127.0.0.1:8080/verify/ZF7K-2QMX-P4",
        issued,
        seal: None,
    }
}

/// The text a PDF reader extracts, without the spaces and line breaks layout puts in.
fn text_of(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf)
        .expect("a PDF reader reads the document")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn a_document_renders_to_a_pdf_whose_chinese_text_reads_back() {
    let r = renderer();
    let content = sample();
    let pdf = r.render(&page(&content, true)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for expected in [
        "示范县城关镇人民政府",
        "行政处罚决定书",
        "城关镇罚决〔2026〕1号",
        "91510000MA6C000000",
        "经查明：当事人于2026年11月1日在某路段倾倒建筑垃圾。",
        "2026年11月27日",
        "验证码：ZF7K-2QMX-P4",
        "第1页共1页",
    ] {
        assert!(text.contains(expected), "{expected} is not in:\n{text}");
    }
    assert!(
        !text.contains("样稿"),
        "an issued document is not marked as a preview"
    );
    let preview = text_of(&r.render(&page(&content, false)).unwrap());
    assert!(preview.contains("样稿"), "a preview says so");
}

#[test]
fn the_same_content_renders_to_the_same_bytes() {
    let r = renderer();
    let content = sample();
    let first = r.render(&page(&content, true)).unwrap();
    let again = renderer().render(&page(&content, true)).unwrap();
    assert_eq!(first, again);
    let mut other = content.clone();
    other.paragraphs.push("另查明：当事人已改正。".into());
    assert_ne!(first, r.render(&page(&other, true)).unwrap());
}

#[test]
fn a_template_with_an_error_is_refused_at_load_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("penalty_decision.typ"),
        "#import \"common.typ\": render\n#render(json(bytes(sys.inputs.data)).no_such_field)\n",
    )
    .unwrap();
    let templates = Templates::with_dir(dir.path()).unwrap();
    let err = Renderer::new(templates, Vec::new()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("penalty_decision.typ") && message.contains("no_such_field"),
        "{message}"
    );
}

#[test]
fn a_county_template_lays_out_its_kind_and_leaves_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("service_receipt.typ"),
        "#let d = json(bytes(sys.inputs.data))\n#set text(font: \"Noto Serif CJK SC\")\n本县格式：#d.title\n",
    )
    .unwrap();
    let r = Renderer::new(Templates::with_dir(dir.path()).unwrap(), Vec::new()).unwrap();
    let mut content = sample();
    content.kind = DocKind::ServiceReceipt;
    content.title = "送达回证".into();
    assert!(text_of(&r.render(&page(&content, true)).unwrap()).contains("本县格式：送达回证"));
    let decision = sample();
    assert!(text_of(&r.render(&page(&decision, true)).unwrap()).contains("行政处罚决定书"));
}

#[test]
fn the_seal_is_drawn_on_an_issued_document_only_and_a_broken_seal_is_refused() {
    let r = renderer();
    let content = sample();
    let with = |issued: bool, seal: Option<&'static str>| {
        r.render(&Page {
            seal,
            ..page(&content, issued)
        })
        .unwrap()
    };
    assert_eq!(
        with(false, Some(SAMPLE_SEAL)),
        with(false, None),
        "a preview carries no seal"
    );
    assert_ne!(with(true, Some(SAMPLE_SEAL)), with(true, None));
    // An unsealed kind (a record) carries none even when issued.
    let mut record = sample();
    record.sealed = false;
    let record_pdf = |seal| {
        r.render(&Page {
            seal,
            ..page(&record, true)
        })
        .unwrap()
    };
    assert_eq!(record_pdf(Some(SAMPLE_SEAL)), record_pdf(None));
    r.check_seal(SAMPLE_SEAL).expect("the sample seal draws");
    assert!(r.check_seal("<svg this is not").is_err());
}

#[test]
fn tables_and_signature_lines_read_back() {
    let text = text_of(&renderer().render(&page(&sample(), true)).unwrap());
    for expected in ["清单", "自卸货车", "1辆", "当事人签名："] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}
