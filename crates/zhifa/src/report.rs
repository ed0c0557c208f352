//! How the command line shows things to people: use-case errors in their Chinese wording
//! (with the provision applied, when there is one) and aligned tables.

use anyhow::anyhow;
use zhifa_app::AppError;

/// Turns a use-case error into a message for people.
pub fn app_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Refused(r) => match r.basis {
            Some(basis) => anyhow!("{}（依据：{basis}）", r.message),
            None => anyhow!("{}", r.message),
        },
        AppError::Invalid(fields) => {
            let details: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            anyhow!("输入有误：{}", details.join("；"))
        }
        AppError::Import(ref errors) => {
            let details: Vec<String> = errors
                .iter()
                .map(|x| match &x.field {
                    Some(f) => format!("第{}行 [{f}]: {}", x.line, x.message),
                    None => format!("第{}行: {}", x.line, x.message),
                })
                .collect();
            anyhow!("{e}\n{}", details.join("\n"))
        }
        AppError::Conflict { field, message } => anyhow!("{message}（{field}）"),
        AppError::Internal(detail) => anyhow!("内部错误：{detail}"),
        other => anyhow!("{other}"),
    }
}

/// `.cli()?` on a use-case result.
pub trait CliResult<T> {
    fn cli(self) -> anyhow::Result<T>;
}

impl<T> CliResult<T> for Result<T, AppError> {
    fn cli(self) -> anyhow::Result<T> {
        self.map_err(app_error)
    }
}

/// Terminal columns a string takes: CJK and full-width characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Renders rows as columns separated by two spaces, the first row being the header.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_domain::Refusal;

    #[test]
    fn tables_align_chinese_text() {
        let rows = vec![
            vec!["用户名".to_string(), "角色".to_string()],
            vec!["admin".to_string(), "系统管理员".to_string()],
        ];
        assert_eq!(table(&rows), "用户名  角色\nadmin   系统管理员\n");
    }

    #[test]
    fn refusals_show_their_basis() {
        let e = AppError::Refused(Refusal::new("x", "不得委托").citing("《行政处罚法》第二十四条"));
        assert_eq!(
            app_error(e).to_string(),
            "不得委托（依据：《行政处罚法》第二十四条）"
        );
    }
}
