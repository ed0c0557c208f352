//! Tests of the case workflow, and here the world they share: the people (head, reviewer,
//! officers, an auxiliary), the matter and party, [`World`] that runs commands against a case
//! and checks that refusals change nothing, and the commands' common shapes.
//!
//! Not here: the tests themselves: the general procedure's gates (`general`), on-the-spot and
//! first-offence cases (`simplified`), coercive measures and execution (`coercive`), the
//! property test over random command sequences (`sequences`).

mod coercive;
mod documents;
mod documents_set;
mod general;
mod publicity;
mod sequences;
mod simplified;

use super::rules::Step;
use super::*;
use crate::Refusal;
use crate::calendar::WorkingCalendar;
use crate::deadline::DeadlineParams;
use crate::jurisdiction::{Competence, CompetenceBasis};
use crate::money::Fen;
use crate::officers::Certificate;
use crate::org::Role;
use crate::party::Party;
use chrono::{Days, NaiveDate, NaiveDateTime};

const TOWN: i64 = 17;
const HEAD: i64 = 1;
const REVIEWER: i64 = 2;
const OFFICER_A: i64 = 3;
const OFFICER_B: i64 = 4;
const AUX: i64 = 5;
const DEPT: i64 = 40;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn yuan(y: i64) -> Fen {
    Fen::from_yuan(y).unwrap()
}

fn certificate(holder: i64, domain: &str) -> Certificate {
    Certificate {
        id: holder,
        holder_id: holder,
        number: format!("51000000{holder:04}"),
        issued_on: d(2024, 1, 1),
        expires_on: d(2030, 1, 1),
        domains: vec![domain.into()],
        revocation: None,
        reviews: vec![],
    }
}

fn officer(id: i64) -> OfficerStanding {
    OfficerStanding {
        user_id: id,
        name: format!("执法员{id}"),
        role: if id == AUX {
            Role::Auxiliary
        } else {
            Role::Officer
        },
        certificate: (id != AUX).then(|| certificate(id, "城乡建设")),
    }
}

fn matter() -> Matter {
    Matter {
        item_id: 9,
        code: "X-01".into(),
        name: "乱倒建筑垃圾".into(),
        domain: "城乡建设".into(),
        legal_basis: "《城市建筑垃圾管理规定》第十五条、第二十六条".into(),
        safety_related: false,
    }
}

fn person() -> Party {
    Party::Natural {
        name: "张三".into(),
        id_number: None,
        birth_date: Some(d(1980, 5, 1)),
        phone: None,
        address: Some("某村".into()),
    }
}

fn competent() -> CompetenceFinding {
    CompetenceFinding::Resolved {
        competence: Competence {
            holder_id: TOWN,
            basis: CompetenceBasis::Granted,
            grant_id: Some(1),
            assisting_id: None,
        },
        holder_name: "城关镇".into(),
    }
}

/// A case and the world around it.
struct World {
    case: Case,
    today: NaiveDate,
    hour: u32,
    rules: CaseRules,
    params: DeadlineParams,
    facts: Facts,
}

impl World {
    fn ctx(&self, actor: i64) -> Ctx<'_> {
        let role = match actor {
            HEAD | 10 | 11 => Role::TownshipHead,
            REVIEWER => Role::LegalReviewer,
            AUX => Role::Auxiliary,
            _ => Role::Officer,
        };
        Ctx {
            actor_id: actor,
            role,
            today: self.today,
            now: NaiveDateTime::new(
                self.today,
                chrono::NaiveTime::from_hms_opt(self.hour, 0, 0).unwrap(),
            ),
            calendar: WorkingCalendar::official(),
            deadlines: &self.params,
            rules: &self.rules,
        }
    }

    fn new(party: Party, today: NaiveDate) -> World {
        let mut w = World {
            case: Case::start(&CaseEvent::Registered {
                org_id: 0,
                on: today,
                source: "x".into(),
                matter: matter(),
                procedure: Procedure::General,
                party: party.clone(),
                facts: "x".into(),
                act: act(today),
            })
            .unwrap(),
            today,
            hour: 10,
            rules: CaseRules::default(),
            params: DeadlineParams::default(),
            facts: Facts {
                officers: vec![officer(OFFICER_A), officer(OFFICER_B)],
                competence: Some(competent()),
                party_age: None,
                proposal: None,
            },
        };
        let events = register(
            &Command::Register {
                source: "群众举报".into(),
                matter: matter(),
                party,
                facts: "在村道旁倾倒装修垃圾".into(),
                act: act(today),
            },
            &w.ctx(OFFICER_A),
            TOWN,
        )
        .unwrap();
        w.case = Case::replay(&events).unwrap();
        w
    }

    fn try_run(&mut self, actor: i64, command: Command) -> Result<Vec<CaseEvent>, Refusal> {
        let events = decide(&self.case, &command, &self.ctx(actor), &self.facts)?;
        for e in &events {
            self.case.apply(e);
        }
        Ok(events)
    }

    fn run(&mut self, actor: i64, command: Command) {
        if let Err(r) = self.try_run(actor, command.clone()) {
            panic!("{} refused: {} ({:?})", command.name(), r.message, r.basis);
        }
    }

    fn refused(&mut self, actor: i64, command: Command) -> &'static str {
        let before = self.case.clone();
        let code = match self.try_run(actor, command.clone()) {
            Err(r) => r.code,
            Ok(_) => panic!("{} was accepted", command.name()),
        };
        assert_eq!(self.case, before, "a refusal changes nothing");
        code
    }

    fn advance(&mut self, days: u64) {
        self.today = self.today.checked_add_days(Days::new(days)).unwrap();
    }

    fn file(&mut self) {
        self.run(
            OFFICER_A,
            Command::AssignOfficers {
                officer_ids: vec![OFFICER_A, OFFICER_B],
            },
        );
        self.run(HEAD, Command::File);
    }

    fn investigate(&mut self) {
        self.run(OFFICER_A, step(Step::Inspection, self.today, true));
        self.run(
            OFFICER_A,
            Command::OrderCorrection {
                order: "清理倾倒的垃圾".into(),
                deadline: None,
            },
        );
    }

    fn conclude(&mut self, penalty: Penalty) {
        self.run(OFFICER_A, conclude(Outcome::Punish { penalty }));
    }
}

fn act(today: NaiveDate) -> ActDates {
    ActDates {
        occurred_on: today.checked_sub_days(Days::new(3)).unwrap(),
        ended_on: None,
        continuing: false,
        caused_harm: false,
    }
}

fn step(step: Step, on: NaiveDate, av: bool) -> Command {
    Command::RecordStep {
        step,
        on,
        officer_ids: vec![OFFICER_A, OFFICER_B],
        certificate_shown: true,
        evidence_ids: vec![100],
        audio_video: av,
        av_exception: None,
        note: String::new(),
    }
}

fn conclude(proposed: Outcome) -> Command {
    Command::Conclude {
        findings: "事实清楚，证据确凿".into(),
        proposed,
        public_interest: false,
        complex: false,
        review_by_other_law: false,
        benchmark_departure: None,
        mitigated_below_minimum: false,
        discretion: None,
    }
}

fn punish(fine: i64) -> Outcome {
    Outcome::Punish {
        penalty: Penalty::fine(yuan(fine)),
    }
}

fn decide_cmd(outcome: Outcome) -> Command {
    Command::Decide {
        outcome,
        number: "城关镇罚决〔2026〕1号".into(),
    }
}
