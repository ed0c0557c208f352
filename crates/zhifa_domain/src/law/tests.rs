use super::*;

const SAMPLE: &str = "# 中华人民共和国示例法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条　为了示例，制定本法。\n\n第二条 有下列情形之一的，处罚：\n\n（一）甲；\n\n（二）乙。\n\n前款规定以外的，不处罚。\n\n## 第二章 附则\n\n第三条 本法自公布之日起施行。第三条之后的文字不是新条。\n";

#[test]
fn articles_are_split_with_paragraphs_and_items() {
    let law = parse_law("2020-01-01", SAMPLE).unwrap();
    assert_eq!(law.title, "示例法");
    assert_eq!(law.full_title, "中华人民共和国示例法");
    assert_eq!(law.history, vec!["2020年1月1日 通过"]);
    assert_eq!(law.articles.len(), 3);
    let a2 = &law.articles[1];
    assert_eq!(a2.label(), "第二条");
    assert_eq!(a2.chapter.as_deref(), Some("第一章 总则"));
    assert_eq!(a2.shape().items_per_paragraph, vec![2, 0]);
    assert!(a2.text().contains("（二）乙。"));
    assert_eq!(law.articles[2].chapter.as_deref(), Some("第二章 附则"));
}

#[test]
fn articles_out_of_order_are_refused() {
    let text = "# 某法\n\n第一条 甲。\n\n第三条 乙。\n";
    assert_eq!(
        parse_law("2020-01-01", text),
        Err(LawParseError::OutOfOrder {
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn a_text_without_title_or_articles_is_refused() {
    assert_eq!(
        parse_law("2020-01-01", "第一条 甲。"),
        Err(LawParseError::MissingTitle)
    );
    assert_eq!(
        parse_law("2020-01-01", "# 某法\n\n只有文字。"),
        Err(LawParseError::NoArticles)
    );
}

#[test]
fn file_names_give_title_and_version() {
    assert_eq!(
        parse_file_name("行政处罚法(2021-01-22).md").unwrap(),
        ("行政处罚法".to_string(), "2021-01-22".to_string())
    );
    assert!(parse_file_name("行政处罚法.md").is_err());
    assert!(parse_file_name("行政处罚法(2021-13-22).md").is_err());
}

#[test]
fn citations_parse_down_to_items() {
    let r =
        LegalRef::parse("《中华人民共和国大气污染防治法》第一百一十九条第一款第（二）项").unwrap();
    assert_eq!(r.law, "大气污染防治法");
    assert_eq!((r.article, r.paragraph, r.item), (119, Some(1), Some(2)));
    assert_eq!(
        r.to_string(),
        "《大气污染防治法》第一百一十九条第一款第（二）项"
    );
    let v = LegalRef::parse("《环境噪声污染防治法》(2018-12-29)第五十六条").unwrap();
    assert_eq!(v.version.as_deref(), Some("2018-12-29"));
    assert_eq!(LegalRef::parse(&v.to_string()).unwrap(), v);
}

#[test]
fn malformed_citations_are_refused() {
    for bad in [
        "大气污染防治法第一条",
        "《大气污染防治法》",
        "《》第一条",
        "《某法》第一条之后",
        "《某法》第X条",
    ] {
        assert!(LegalRef::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(
        LegalRef::parse_list("《甲法》第一条；《乙法》第二条第一款")
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn citations_fit_only_existing_paragraphs_and_items() {
    let shape = ArticleShape {
        items_per_paragraph: vec![2, 0],
    };
    let cite = |s| LegalRef::parse(s).unwrap();
    assert!(cite("《某法》第二条").fits(&shape));
    assert!(cite("《某法》第二条第一款第（二）项").fits(&shape));
    assert!(!cite("《某法》第二条第一款第（三）项").fits(&shape));
    assert!(cite("《某法》第二条第二款").fits(&shape));
    assert!(!cite("《某法》第二条第三款").fits(&shape));
    assert!(
        !cite("《某法》第二条第（一）项").fits(&shape),
        "two paragraphs: the item is ambiguous"
    );
}

#[test]
fn the_shipped_penalty_law_parses_in_full() {
    let text = include_str!("../../../../data/laws/行政处罚法(2021-01-22).md");
    let law = parse_law("2021-01-22", text).unwrap();
    assert_eq!(law.articles.len(), 86);
    let a58 = &law.articles[57];
    assert_eq!(a58.number, 58);
    assert!(a58.text().contains("法制审核"));
    assert_eq!(a58.shape().items_per_paragraph, vec![4, 0]);
}
