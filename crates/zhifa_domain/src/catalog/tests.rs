use super::*;
use crate::law::ArticleShape;

/// A library with 《大气污染防治法》 articles 1 – 129, each of two 款 with no 项.
struct Library;

impl ArticleLookup for Library {
    fn article_shape(
        &self,
        law: &str,
        version: Option<&str>,
        article: u32,
    ) -> Option<ArticleShape> {
        let known = law == "大气污染防治法" && version.is_none_or(|v| v == "2018-10-26");
        (known && (1..=129).contains(&article)).then(|| ArticleShape {
            items_per_paragraph: vec![0, 0],
        })
    }
}

const HEADER: &str = "code,name,kind,catalog,legal_basis,domain,department\n";

fn import_csv(body: &str) -> Result<Vec<NewCatalogItem>, Vec<ImportError>> {
    let rows = read_csv(&format!("{HEADER}{body}"))?;
    validate(rows, &HashSet::new(), &Library)
}

#[test]
fn a_valid_csv_imports_every_row() {
    let items = import_csv(
        "A1,对露天焚烧秸秆的行政处罚,处罚,赋权,《大气污染防治法》第七十七条;《大气污染防治法》第一百一十九条第一款,生态环境,县生态环境局\n\
         A2,对大气污染的行政检查,行政检查,法定,《中华人民共和国大气污染防治法》第二十九条,生态环境,县生态环境局\n",
    )
    .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].kind, PowerKind::Penalty);
    assert_eq!(items[0].legal_basis.len(), 2);
    assert_eq!(items[1].source, CatalogSource::Statutory);
}

#[test]
fn an_unknown_article_fails_naming_line_and_article() {
    let errors = import_csv(
        "A1,甲,处罚,赋权,《大气污染防治法》第七十七条,生态环境,县生态环境局\n\
         A2,乙,处罚,赋权,《大气污染防治法》第二百条,生态环境,县生态环境局\n",
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 3);
    assert_eq!(errors[0].field.as_deref(), Some("legal_basis"));
    assert!(
        errors[0].message.contains("《大气污染防治法》第二百条"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_missing_paragraph_or_law_is_an_error() {
    let errors = import_csv("A1,甲,处罚,赋权,《大气污染防治法》第七十七条第三款;《某某条例》第一条,生态环境,县生态环境局\n").unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(errors[1].message.contains("《某某条例》第一条"));
}

#[test]
fn duplicate_and_existing_codes_are_refused() {
    let rows = read_csv(&format!(
        "{HEADER}A1,甲,处罚,赋权,《大气污染防治法》第七十七条,生态环境,县生态环境局\n\
         A1,乙,处罚,赋权,《大气污染防治法》第七十七条,生态环境,县生态环境局\n\
         B9,丙,处罚,赋权,《大气污染防治法》第七十七条,生态环境,县生态环境局\n"
    ))
    .unwrap();
    let existing: HashSet<String> = ["B9".to_string()].into();
    let errors = validate(rows, &existing, &Library).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4]);
    assert!(errors[0].message.contains("重复"));
    assert!(errors[1].message.contains("已存在"));
}

#[test]
fn bad_kinds_sources_and_empty_fields_are_each_reported() {
    let errors = import_csv("A1,,罚金,委托,《大气污染防治法》第七十七条,,\n").unwrap_err();
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(
        fields,
        vec!["name", "domain", "department", "kind", "catalog"]
    );
}

#[test]
fn malformed_csv_is_refused_with_its_line() {
    let errors = read_csv(&format!("{HEADER}A1,甲,处罚\n")).unwrap_err();
    assert_eq!(errors[0].line, 2);
    assert!(errors[0].message.contains("列"));
    let errors = read_csv("code,name\nA1,甲\n").unwrap_err();
    assert!(errors[0].message.contains("kind"));
}

#[test]
fn json_takes_a_basis_string_or_array() {
    let rows = read_json(
        r#"[{"code":"J1","name":"甲","kind":"处罚","catalog":"赋权","legal_basis":["《大气污染防治法》第七十七条","《大气污染防治法》第一百一十九条"],"domain":"生态环境","department":"县生态环境局"},
            {"code":"J2","name":"乙","kind":"检查","catalog":"法定","legal_basis":"《大气污染防治法》第二十九条","domain":"生态环境","department":"县生态环境局"}]"#,
    )
    .unwrap();
    let items = validate(rows, &HashSet::new(), &Library).unwrap();
    assert_eq!(items[0].legal_basis.len(), 2);
    assert_eq!(items[1].kind, PowerKind::Inspection);
}

#[test]
fn malformed_json_is_refused() {
    assert!(read_json("{").is_err());
    assert!(read_json(r#"{"code":"x"}"#).is_err());
    let errors = read_json(r#"[{"code":"J1"}, 5]"#).unwrap_err();
    assert_eq!(errors[0].line, 2);
}

#[test]
fn an_empty_file_imports_nothing() {
    assert!(import_csv("").is_err());
}
