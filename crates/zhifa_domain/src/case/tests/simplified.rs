//! Cases that end lightly: not punished for a first offence (首违不罚) with education and a
//! commitment letter, and on-the-spot decisions (简易程序) within the law's limits.
//!
//! Not here: the shared fixtures (`tests`), the general procedure's gates (`general`),
//! coercive measures (`coercive`), random sequences (`sequences`).

use super::*;

#[test]
fn a_first_offence_is_not_punished_with_education_and_a_commitment_letter() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.run(OFFICER_A, step(Step::Inspection, w.today, true));
    let outcome = Outcome::NotPunish {
        ground: NotPunishedGround::FirstOffence,
    };
    w.run(OFFICER_A, conclude(outcome.clone()));
    assert_eq!(
        w.refused(OFFICER_A, Command::Notify { served_on: w.today }),
        "case.nothing_to_notify"
    );
    assert_eq!(
        w.refused(HEAD, decide_cmd(outcome.clone())),
        "case.no_education"
    );
    w.run(
        OFFICER_A,
        Command::RecordEducation {
            evidence_id: 200,
            commitment_id: None,
        },
    );
    assert_eq!(
        w.refused(HEAD, decide_cmd(outcome.clone())),
        "case.no_commitment"
    );
    w.run(
        OFFICER_A,
        Command::RecordEducation {
            evidence_id: 200,
            commitment_id: Some(201),
        },
    );
    w.run(HEAD, decide_cmd(outcome));
    w.run(
        OFFICER_A,
        Command::Serve {
            on: w.today,
            method: ServiceMethod::Direct,
            consent_to_electronic: false,
        },
    );
    w.run(HEAD, Command::Close);
}

#[test]
fn on_the_spot_decisions_stay_within_the_law_s_limits() {
    let rules = CaseRules::default();
    let params = DeadlineParams::default();
    let today = d(2026, 3, 2);
    let ctx = Ctx {
        actor_id: OFFICER_A,
        role: Role::Officer,
        today,
        now: NaiveDateTime::new(today, chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
        calendar: WorkingCalendar::official(),
        deadlines: &params,
        rules: &rules,
    };
    let facts = Facts {
        officers: vec![officer(OFFICER_A), officer(OFFICER_B)],
        competence: Some(competent()),
        party_age: None,
        proposal: None,
    };
    let spot = |fine: i64, collected: bool| OnTheSpot {
        matter: matter(),
        party: person(),
        facts: "随地倾倒垃圾".into(),
        act: act(today),
        officer_ids: vec![OFFICER_A, OFFICER_B],
        certificate_shown: true,
        penalty: Penalty::fine(yuan(fine)),
        correction: "立即清理".into(),
        statement: String::new(),
        serial: "0001234".into(),
        collected,
        collection_reason: None,
        evidence_ids: vec![1],
        audio_video: true,
        av_exception: None,
    };
    let events = decide_on_the_spot(&spot(200, false), &ctx, &facts, TOWN).unwrap();
    let case = Case::replay(&events).unwrap();
    assert_eq!(
        (case.procedure, case.stage),
        (Procedure::Simplified, Stage::Served)
    );
    assert_eq!(
        decide_on_the_spot(&spot(201, false), &ctx, &facts, TOWN)
            .unwrap_err()
            .code,
        "case.on_the_spot_limit"
    );
    assert_eq!(
        decide_on_the_spot(&spot(150, true), &ctx, &facts, TOWN)
            .unwrap_err()
            .code,
        "case.on_the_spot_collection"
    );
    let paid =
        Case::replay(&decide_on_the_spot(&spot(50, true), &ctx, &facts, TOWN).unwrap()).unwrap();
    assert_eq!(paid.paid, yuan(50));
    assert_eq!(allowed(&paid, &rules), vec![Action::Close]);
    let mut no_av = spot(50, false);
    no_av.audio_video = false;
    assert_eq!(
        decide_on_the_spot(&no_av, &ctx, &facts, TOWN)
            .unwrap_err()
            .code,
        "case.audio_video_required"
    );
}
