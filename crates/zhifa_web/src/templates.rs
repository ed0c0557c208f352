//! Page templates, compiled into the binary and loaded once at start. A template that does
//! not compile fails the start (and the tests), not a request.

use include_dir::{Dir, include_dir};
use minijinja::Environment;
use serde::Serialize;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn load() -> Templates {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        let mut files = Vec::new();
        collect(&TEMPLATES, &mut files);
        for file in files {
            let name = file
                .path()
                .to_str()
                .expect("template names are UTF-8")
                .to_string();
            let source = file.contents_utf8().expect("templates are UTF-8");
            env.add_template_owned(name.clone(), source.to_string())
                .unwrap_or_else(|e| panic!("template {name} does not compile: {e:#}"));
        }
        Templates { env }
    }

    pub fn render<S: Serialize>(&self, name: &str, context: S) -> String {
        match self
            .env
            .get_template(name)
            .and_then(|t| t.render(minijinja::value::Serde(&context)))
        {
            Ok(html) => html,
            Err(e) => {
                tracing::error!(template = name, error = %format!("{e:#}"), "template failed");
                "<!doctype html><meta charset=utf-8><title>错误</title><p>页面生成失败，请联系管理员。</p>".to_string()
            }
        }
    }

    #[cfg(test)]
    pub fn names(&self) -> Vec<String> {
        self.env.templates().map(|(n, _)| n.to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Templates;

    #[test]
    fn every_template_compiles_and_renders_without_data() {
        let t = Templates::load();
        let names = t.names();
        assert!(names.len() >= 18, "{names:?}");
        for name in names {
            let html = t.render(&name, serde_json::json!({}));
            assert!(!html.contains("页面生成失败"), "{name} failed to render");
        }
    }
}
