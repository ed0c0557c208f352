//! A penalty case (行政处罚案件) as a state machine under the Administrative Penalty Law and the
//! Administrative Coercion Law.
//!
//! A case is the fold of its events: [`Case::apply`] changes it, and [`decide`] turns a
//! [`Command`] into the events it causes or a [`Refusal`] that names the rule and its article.
//! `decide` never changes anything, so a refused command leaves the case as it was, and
//! [`allowed`] lists the actions a case offers now, so that screens show only those.
//!
//! - General procedure (普通程序): 案源登记 → 立案 → 调查取证 → 调查终结 → 事先告知 →
//!   陈述申辩 / 听证 → 法制审核 → 集体讨论 → 决定 → 送达 → 执行 → 结案 → 归档.
//! - Simplified procedure (简易程序, 当场处罚): one command decides on the spot within R-27.
//! - Coercive measures (查封、扣押) and coercive execution: [`coercive`].
//!
//! Not here: who may send which command (the application's authorization), the clock (commands
//! carry their dates), storage, the texts of documents.

mod allowed;
pub mod coercive;
mod command;
mod decide;
mod decision;
mod describe;
mod events;
mod execution;
mod gates;
mod hearing;
mod penalty;
pub mod rules;
mod simplified;
mod state;

#[cfg(test)]
mod tests;

pub use allowed::{Action, allowed};
pub use command::*;
pub use decide::{decide, register};
pub use events::CaseEvent;
pub use execution::{Owed, owed};
pub use gates::{OfficerStanding, check_officers};
pub use penalty::{Penalty, PenaltyKind};
pub use rules::CaseRules;
pub use simplified::decide_on_the_spot;
pub use state::*;

/// 《行政处罚法》 articles the case workflow applies, by the rule numbers of the requirements.
pub mod basis {
    pub const R01_TWO_OFFICERS: &str = "《行政处罚法》第四十二条";
    pub const R02_SHOW_CERTIFICATE: &str = "《行政处罚法》第五十五条";
    pub const R10_DELEGATED: &str = "《行政处罚法》第二十四条";
    pub const R11_JURISDICTION: &str = "《行政处罚法》第二十二条、第二十三条";
    pub const R17_CORRECTION: &str = "《行政处罚法》第二十八条第一款";
    pub const R18_ONE_FINE: &str = "《行政处罚法》第二十九条";
    pub const R19_NOT_PUNISHED: &str = "《行政处罚法》第三十三条";
    pub const R19_MINORS: &str = "《行政处罚法》第三十条";
    pub const R23_LIMITATION: &str = "《行政处罚法》第三十六条";
    pub const R27_ON_THE_SPOT: &str = "《行政处罚法》第五十一条";
    pub const R28_ON_THE_SPOT_FORM: &str = "《行政处罚法》第五十二条";
    pub const R29_COLLECTION: &str = "《行政处罚法》第六十八条";
    /// Filing (立案) when the standard is met, approved by the agency's head.
    pub const R30_FILING: &str = "《行政处罚法》第五十四条第二款";
    pub const R34_NOTICE: &str = "《行政处罚法》第四十四条、第六十二条";
    pub const R34_NOT_HEAVIER: &str = "《行政处罚法》第四十五条第二款";
    pub const R35_DECISION: &str = "《行政处罚法》第五十七条";
    pub const R36_REVIEW: &str = "《行政处罚法》第五十八条";
    pub const R38_DECISION_PERIOD: &str = "《行政处罚法》第六十条";
    pub const R39_SERVICE: &str = "《行政处罚法》第六十一条";
    pub const R40_HEARING: &str = "《行政处罚法》第六十三条";
    pub const R41_HEARING_PROCEDURE: &str = "《行政处罚法》第六十四条";
    pub const R43_PAYMENT: &str = "《行政处罚法》第六十七条";
    pub const R46_COURT: &str = "《行政强制法》第五十三条、第五十四条";
    pub const R59_RECORD: &str = "《行政处罚法》第四十七条";
    pub const R60_AUDIO_VIDEO: &str = "四川省司法厅乡镇执法规范化指导意见 四（二）";
    pub const R62_SEPARATION: &str =
        "四川省重大行政执法决定法制审核办法；四川省司法厅乡镇执法规范化指导意见 四（三）";
    pub const R14_CRIME: &str = "《行政处罚法》第二十七条；《行政执法机关移送涉嫌犯罪案件的规定》";
}
