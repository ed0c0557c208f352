//! The rule table: the named deadlines of the procedure, the provision and period of each,
//! and why each counts the kind of day it does.

use super::{DEFAULT_DUE_SOON_WORKING_DAYS, Deadlines};
use serde::{Deserialize, Serialize};

/// How the days of a period are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 自然日: every day counts; only a last day that is a rest day moves.
    Calendar,
    /// 工作日: only working days count (不含法定节假日).
    Working,
}

/// The unit a period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Days,
    Months,
    Hours,
}

/// A period: an amount of days, months or hours. `kind` matters only for days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub amount: u32,
    pub unit: Unit,
    pub kind: DayKind,
}

impl Period {
    const fn new(amount: u32, unit: Unit, kind: DayKind) -> Period {
        Period { amount, unit, kind }
    }

    pub const fn days(amount: u32) -> Period {
        Period::new(amount, Unit::Days, DayKind::Calendar)
    }

    pub const fn working_days(amount: u32) -> Period {
        Period::new(amount, Unit::Days, DayKind::Working)
    }

    pub const fn months(amount: u32) -> Period {
        Period::new(amount, Unit::Months, DayKind::Calendar)
    }

    pub const fn hours(amount: u32) -> Period {
        Period::new(amount, Unit::Hours, DayKind::Calendar)
    }

    /// 90日（自然日）, 7个工作日, 6个月, 24小时.
    pub fn describe(&self) -> String {
        let n = self.amount;
        match (self.unit, self.kind) {
            (Unit::Days, DayKind::Calendar) => format!("{n}日（自然日）"),
            (Unit::Days, DayKind::Working) => format!("{n}个工作日"),
            (Unit::Months, _) => format!("{n}个月"),
            (Unit::Hours, _) => format!("{n}小时"),
        }
    }
}

/// Which way a rule points from its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Act within the period after the event: the date is the last day.
    NoLaterThan,
    /// Act only after the period has run (催告书送达十日后): the date is the first day allowed.
    NotBefore,
    /// Act at least the period before the event (听证七日前通知): the date is the last day.
    Before,
}

/// The named deadlines of the procedure. What each one requires is its [`RuleId::label`],
/// counted from its [`RuleId::trigger`] under its [`RuleId::basis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    Statement,
    HearingRequest,
    HearingNotice,
    EvidencePreservation,
    Decision,
    Service,
    Payment,
    CashHandover,
    CashToBank,
    Publication,
    PublicationWithdrawal,
    CrimeTransferDecision,
    CrimeTransferHandover,
    EmergencyReport,
    Seizure,
    CourtAfterReminder,
    CourtApplication,
    Review,
    Lawsuit,
}

/// Which law's counting rule decides the kind of day, for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counting {
    /// 《行政处罚法》第八十五条.
    Punishment,
    /// 《行政强制法》第六十九条.
    Coercion,
    /// 《行政复议法》第八十八条第二款.
    Review,
    /// The provision itself says 工作日.
    Stated,
    /// The provision has no counting rule of its own.
    Unstated,
}

impl RuleId {
    pub const ALL: [RuleId; 19] = [
        RuleId::Statement,
        RuleId::HearingRequest,
        RuleId::HearingNotice,
        RuleId::EvidencePreservation,
        RuleId::Decision,
        RuleId::Service,
        RuleId::Payment,
        RuleId::CashHandover,
        RuleId::CashToBank,
        RuleId::Publication,
        RuleId::PublicationWithdrawal,
        RuleId::CrimeTransferDecision,
        RuleId::CrimeTransferHandover,
        RuleId::EmergencyReport,
        RuleId::Seizure,
        RuleId::CourtAfterReminder,
        RuleId::CourtApplication,
        RuleId::Review,
        RuleId::Lawsuit,
    ];

    /// The requirement (R-number) the deadline implements, where it has one.
    pub fn requirement(self) -> Option<&'static str> {
        use RuleId::*;
        Some(match self {
            HearingRequest | HearingNotice => "R-41",
            EvidencePreservation => "R-32",
            Decision => "R-38",
            Service => "R-39",
            Payment => "R-43",
            Publication => "R-56",
            CrimeTransferDecision | CrimeTransferHandover => "R-14",
            EmergencyReport => "R-48",
            Seizure => "R-49",
            CourtAfterReminder | CourtApplication => "R-46",
            _ => return None,
        })
    }

    /// What must be done, in Chinese.
    pub fn label(self) -> &'static str {
        use RuleId::*;
        match self {
            Statement => "当事人陈述、申辩",
            HearingRequest => "当事人要求听证",
            HearingNotice => "通知听证的时间、地点",
            EvidencePreservation => "对先行登记保存的证据作出处理决定",
            Decision => "作出行政处罚决定",
            Service => "送达行政处罚决定书（当事人不在场的）",
            Payment => "缴纳罚款",
            CashHandover => "将当场收缴的罚款交至行政机关",
            CashToBank => "将当场收缴的罚款缴付指定的银行",
            Publication => "公开行政处罚决定信息",
            PublicationWithdrawal => "撤回已公开的行政处罚决定信息并说明理由",
            CrimeTransferDecision => "作出批准或者不批准移送涉嫌犯罪案件的决定",
            CrimeTransferHandover => "向公安机关移送涉嫌犯罪案件",
            EmergencyReport => "向行政机关负责人报告并补办批准手续",
            Seizure => "查封、扣押期限内作出处理决定",
            CourtAfterReminder => "申请人民法院强制执行（催告期满后）",
            CourtApplication => "申请人民法院强制执行",
            Review => "申请行政复议",
            Lawsuit => "提起行政诉讼",
        }
    }

    /// The event the period runs from (or, for [`Direction::Before`], towards).
    pub fn trigger(self) -> &'static str {
        use RuleId::*;
        match self {
            Statement => "告知拟作出的行政处罚",
            HearingRequest => "告知听证权利",
            HearingNotice => "举行听证",
            EvidencePreservation => "先行登记保存证据",
            Decision => "立案",
            Service => "宣告行政处罚决定",
            Payment => "收到行政处罚决定书",
            CashHandover => "当场收缴罚款（水上收缴的为抵岸）",
            CashToBank => "收到执法人员交来的罚款",
            Publication => "作出行政处罚决定",
            PublicationWithdrawal => "公开的决定被变更、撤销、确认违法或者确认无效",
            CrimeTransferDecision => "接到移送涉嫌犯罪案件的书面报告",
            CrimeTransferHandover => "作出批准移送的决定",
            EmergencyReport => "当场实施行政强制措施",
            Seizure => "实施查封、扣押",
            CourtAfterReminder => "催告书送达",
            CourtApplication => "申请行政复议、提起行政诉讼的期限届满",
            Review => "知道或者应当知道该行政行为",
            Lawsuit => "知道或者应当知道作出行政行为",
        }
    }

    /// The provision that sets the period.
    pub fn basis(self) -> &'static str {
        use RuleId::*;
        match self {
            Statement => "《行政处罚法》第四十四条、第四十五条",
            HearingRequest => "《行政处罚法》第六十四条第一项",
            HearingNotice => "《行政处罚法》第六十四条第二项",
            EvidencePreservation => "《行政处罚法》第五十六条",
            Decision => "《行政处罚法》第六十条",
            Service => "《行政处罚法》第六十一条第一款",
            Payment => "《行政处罚法》第六十七条第三款",
            CashHandover | CashToBank => "《行政处罚法》第七十一条",
            Publication => "国办发〔2018〕118号 二（三）",
            PublicationWithdrawal => "《行政处罚法》第四十八条第二款",
            CrimeTransferDecision | CrimeTransferHandover => {
                "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款"
            }
            EmergencyReport => "《行政强制法》第十九条",
            Seizure => "《行政强制法》第二十五条第一款、第二十七条",
            CourtAfterReminder => "《行政强制法》第五十四条",
            CourtApplication => "《行政强制法》第五十三条",
            Review => "《行政复议法》第二十条第一款",
            Lawsuit => "《行政诉讼法》第四十六条第一款",
        }
    }

    pub(super) fn counting(self) -> Counting {
        use RuleId::*;
        match self {
            EmergencyReport | Seizure | CourtAfterReminder | CourtApplication => Counting::Coercion,
            Review => Counting::Review,
            Publication => Counting::Stated,
            CrimeTransferDecision | CrimeTransferHandover | Lawsuit => Counting::Unstated,
            _ => Counting::Punishment,
        }
    }
}

/// A named deadline with its period as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: RuleId,
    pub requirement: Option<&'static str>,
    pub label: &'static str,
    pub trigger: &'static str,
    pub basis: &'static str,
    pub period: Period,
    pub direction: Direction,
}

/// The amounts the law leaves to other rules, with their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineParams {
    /// 90 calendar days (《行政处罚法》第六十条); "法律、法规、规章另有规定的，从其规定".
    pub decision_days: u32,
    /// The most one approval may extend the decision period by, where a rule sets it.
    pub decision_extension_max_days: Option<u32>,
    /// The statement and defence period: the law sets none; local rules commonly set 3 days,
    /// counted as working days under 《行政处罚法》第八十五条.
    pub statement_days: u32,
    /// 7 working days (国办发〔2018〕118号); a province may set fewer.
    pub publication_working_days: u32,
    /// The "due soon" window for [`urgency`].
    pub due_soon_working_days: u32,
}

impl Default for DeadlineParams {
    fn default() -> Self {
        DeadlineParams {
            decision_days: 90,
            decision_extension_max_days: None,
            statement_days: 3,
            publication_working_days: 7,
            due_soon_working_days: DEFAULT_DUE_SOON_WORKING_DAYS,
        }
    }
}

impl Deadlines<'_> {
    /// The rule with its period as configured.
    pub fn rule(&self, id: RuleId) -> Rule {
        use RuleId::*;
        let p = &self.params;
        let period = match id {
            Statement => Period::working_days(p.statement_days),
            HearingRequest => Period::working_days(5),
            HearingNotice | EvidencePreservation | Service => Period::working_days(7),
            Decision => Period::days(p.decision_days),
            Payment => Period::days(15),
            CashHandover | CashToBank => Period::working_days(2),
            Publication => Period::working_days(p.publication_working_days),
            PublicationWithdrawal => Period::working_days(3),
            CrimeTransferDecision => Period::days(3),
            CrimeTransferHandover | EmergencyReport => Period::hours(24),
            Seizure => Period::days(30),
            CourtAfterReminder => Period::working_days(10),
            CourtApplication => Period::months(3),
            Review => Period::days(60),
            Lawsuit => Period::months(6),
        };
        let direction = match id {
            HearingNotice => Direction::Before,
            CourtAfterReminder => Direction::NotBefore,
            _ => Direction::NoLaterThan,
        };
        Rule {
            id,
            requirement: id.requirement(),
            label: id.label(),
            trigger: id.trigger(),
            basis: id.basis(),
            period,
            direction,
        }
    }

    /// All rules as configured, in procedural order.
    pub fn rules(&self) -> Vec<Rule> {
        RuleId::ALL.into_iter().map(|id| self.rule(id)).collect()
    }

    /// Why the rule counts the kind of day it does.
    pub(super) fn kind_reason(&self, rule: &Rule) -> &'static str {
        match (rule.period.unit, rule.period.kind, rule.id.counting()) {
            (Unit::Hours, _, _) => "按小时计算，自事件发生时起算，不因节假日顺延",
            (Unit::Months, _, _) => "按月计算",
            (_, DayKind::Working, Counting::Punishment) => {
                "依《行政处罚法》第八十五条，该法“二日”“三日”“五日”“七日”的规定指工作日，不含法定节假日"
            }
            (_, DayKind::Working, Counting::Coercion) => {
                "依《行政强制法》第六十九条，该法十日以内期限的规定指工作日，不含法定节假日"
            }
            (_, DayKind::Working, _) => "该规定明确按工作日计算，不含法定节假日",
            (_, DayKind::Calendar, Counting::Punishment) => {
                "该期限不属《行政处罚法》第八十五条所列“二日”“三日”“五日”“七日”，按自然日计算"
            }
            (_, DayKind::Calendar, Counting::Coercion) => {
                "该期限超过《行政强制法》第六十九条所称十日，按自然日计算"
            }
            (_, DayKind::Calendar, Counting::Review) => {
                "该期限不属《行政复议法》第八十八条第二款所列工作日期限，按自然日计算"
            }
            (_, DayKind::Calendar, _) => "该规定未明定按工作日计算，按自然日从严计算",
        }
    }
}
