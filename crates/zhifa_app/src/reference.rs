//! Reference data shipped inside the binary: the law texts and the demo catalog, so that
//! Zhifa runs anywhere without fetching anything. Sources are noted in `data/*/README.md`.

use include_dir::{Dir, include_dir};

static DATA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../data");

/// The shipped law texts as (file name, Markdown).
pub fn laws() -> Vec<(String, &'static str)> {
    let dir = DATA.get_dir("laws").expect("data/laws is embedded");
    let mut files: Vec<(String, &'static str)> = dir
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?.to_string();
            (name.ends_with(".md") && name != "README.md")
                .then(|| (name, f.contents_utf8().expect("laws are UTF-8")))
        })
        .collect();
    files.sort();
    files
}

/// The demo catalog of township matters (CSV).
pub fn demo_catalog_csv() -> &'static str {
    DATA.get_file("catalog/demo-catalog.csv")
        .and_then(|f| f.contents_utf8())
        .expect("data/catalog/demo-catalog.csv is embedded")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_data_is_embedded() {
        let laws = super::laws();
        assert_eq!(laws.len(), 32);
        assert!(laws.iter().any(|(n, _)| n == "行政处罚法(2021-01-22).md"));
        assert!(
            super::demo_catalog_csv()
                .starts_with("code,name,kind,catalog,legal_basis,domain,department")
        );
    }
}
