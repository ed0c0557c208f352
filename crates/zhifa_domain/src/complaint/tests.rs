use super::*;
use crate::jurisdiction::CompetenceBasis;

const BUREAU: Id = 9;
const TOWN: Id = 4;
const DEPT: Id = 7;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn calendar() -> &'static WorkingCalendar {
    WorkingCalendar::official()
}

fn filing(kind: ComplaintKind, township: Option<Id>) -> Filing {
    Filing {
        service: Service {
            code: "SC-ZJ-003".into(),
            name: "乱堆垃圾".into(),
            group: "住房城乡建设".into(),
            kind,
            item_id: Some(3),
        },
        township_id: township,
        description: "某饭店每天夜里把垃圾堆在河边，气味很大".into(),
        location: "城关镇河滨路12号旁".into(),
        position: None,
        contact: None,
        attachments: vec![],
        media_urls: vec![],
        channel: Channel::Portal,
    }
}

fn opened(township: Option<Id>, competent: Option<(Id, CompetenceBasis)>) -> Complaint {
    let f = filing(ComplaintKind::Report, township);
    let to = route(&f, competent, BUREAU);
    let events = open(
        f,
        to,
        day("2026-11-02"),
        calendar(),
        &ComplaintPolicy::default(),
    )
    .unwrap();
    Complaint::fold(&events).unwrap()
}

fn by(id: Id) -> ActingBody {
    ActingBody {
        id,
        supervises: id == BUREAU,
    }
}

fn step(c: &mut Complaint, command: ComplaintCommand, who: Id, on: &str) -> Result<(), Refusal> {
    let events = decide(
        c,
        &command,
        by(who),
        day(on),
        calendar(),
        &ComplaintPolicy::default(),
    )?;
    for e in &events {
        c.apply(e);
    }
    Ok(())
}

#[test]
fn a_report_goes_to_the_competent_body_a_conduct_complaint_to_the_bureau() {
    let granted = opened(Some(TOWN), Some((TOWN, CompetenceBasis::Granted)));
    assert_eq!(granted.handler_id, TOWN);
    assert_eq!(granted.route, Route::Competent(CompetenceBasis::Granted));
    let retained = opened(Some(TOWN), Some((DEPT, CompetenceBasis::Retained)));
    assert_eq!(retained.handler_id, DEPT);
    assert_eq!(opened(Some(TOWN), None).route, Route::Township);
    assert_eq!(opened(None, None).handler_id, BUREAU);
    assert_eq!(opened(None, None).route, Route::Triage);
    let conduct = filing(ComplaintKind::Conduct, Some(TOWN));
    assert_eq!(
        route(&conduct, Some((TOWN, CompetenceBasis::Statutory)), BUREAU),
        (BUREAU, Route::Supervision)
    );
}

#[test]
fn the_first_deadline_is_seven_working_days_from_filing() {
    // Monday 2 November 2026 + 7 working days = Wednesday 11 November.
    let c = opened(Some(TOWN), None);
    assert_eq!(c.filed_on, day("2026-11-02"));
    assert_eq!(c.accept_by, day("2026-11-11"));
    assert_eq!(c.status, Status::Received);
}

#[test]
fn a_filing_must_say_what_and_where_and_how_to_reach_a_named_filer() {
    let policy = ComplaintPolicy::default();
    let mut f = filing(ComplaintKind::Report, Some(TOWN));
    f.description = "有人违法".into();
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.description_short"
    );
    let mut f = filing(ComplaintKind::Report, Some(TOWN));
    f.location = " ".into();
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.no_location"
    );
    f.position = Some((30.6, 104.1));
    assert!(check_filing(&f, &policy).is_ok(), "a position says where");
    f.position = Some((130.0, 104.1));
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.bad_position"
    );
    let mut f = filing(ComplaintKind::Conduct, Some(TOWN));
    f.location.clear();
    assert!(check_filing(&f, &policy).is_ok(), "conduct needs no place");
    f.contact = Some(Contact {
        name: "王五".into(),
        ..Contact::default()
    });
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.no_contact"
    );
    f.contact = Some(Contact {
        name: "王五".into(),
        phone: "138 0000".into(),
        email: String::new(),
    });
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.bad_phone"
    );
    f.contact = Some(Contact {
        name: "王五".into(),
        phone: String::new(),
        email: "wang@example".into(),
    });
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.bad_email"
    );
    f.contact = Some(Contact {
        name: "王五".into(),
        phone: "028-12345678".into(),
        email: String::new(),
    });
    assert!(check_filing(&f, &policy).is_ok());
    f.attachments = (0..6)
        .map(|i| Attachment {
            sha256: format!("{i:064}"),
            media_type: "image/jpeg".into(),
            name: format!("{i}.jpg"),
            size: 1,
        })
        .collect();
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.too_many_attachments"
    );
}

#[test]
fn accepted_then_answered_closes_it() {
    let mut c = opened(Some(TOWN), Some((TOWN, CompetenceBasis::Statutory)));
    let short = ComplaintCommand::Answer {
        text: "已处理".into(),
        case_code: None,
    };
    assert_eq!(
        step(&mut c, short.clone(), TOWN, "2026-11-03")
            .unwrap_err()
            .code,
        "complaint.wrong_status",
        "an answer comes after acceptance"
    );
    step(
        &mut c,
        ComplaintCommand::Accept {
            note: String::new(),
        },
        TOWN,
        "2026-11-03",
    )
    .unwrap();
    assert_eq!(c.status, Status::Accepted);
    // Tuesday 3 November + 15 working days = Tuesday 24 November.
    assert_eq!(c.answer_by, Some(day("2026-11-24")));
    assert_eq!(
        step(&mut c, short, TOWN, "2026-11-05").unwrap_err().code,
        "complaint.answer_short"
    );
    let answer = ComplaintCommand::Answer {
        text: "经现场核查，举报属实，已责令清理并立案调查".into(),
        case_code: Some(" 城关镇-2026-0007 ".into()),
    };
    step(&mut c, answer.clone(), TOWN, "2026-11-05").unwrap();
    assert_eq!(c.status, Status::Answered);
    assert_eq!(c.case_code.as_deref(), Some("城关镇-2026-0007"));
    assert_eq!(
        step(&mut c, answer, TOWN, "2026-11-06").unwrap_err().code,
        "complaint.closed"
    );
}

#[test]
fn only_the_handler_acts_and_only_the_bureau_supervises() {
    let mut c = opened(Some(TOWN), Some((TOWN, CompetenceBasis::Statutory)));
    let accept = ComplaintCommand::Accept {
        note: String::new(),
    };
    assert_eq!(
        step(&mut c, accept, DEPT, "2026-11-03").unwrap_err().code,
        "complaint.not_handler"
    );
    let supervise = ComplaintCommand::Supervise {
        note: "请于三日内受理".into(),
    };
    let refused = step(&mut c, supervise.clone(), TOWN, "2026-11-03").unwrap_err();
    assert_eq!(refused.code, "complaint.not_supervisor");
    assert_eq!(refused.basis, Some(BASIS_SUPERVISION));
    step(&mut c, supervise, BUREAU, "2026-11-03").unwrap();
    let reject = ComplaintCommand::Reject { reason: " ".into() };
    assert_eq!(
        step(&mut c, reject, TOWN, "2026-11-03").unwrap_err().field,
        Some("reason")
    );
}

#[test]
fn townships_departments_and_the_bureau_take_complaints() {
    use crate::org::OrgKind;
    for kind in [
        OrgKind::Township,
        OrgKind::CountyDepartment,
        OrgKind::JusticeBureau,
    ] {
        assert!(receives_complaints(kind), "{kind:?}");
    }
    for kind in [OrgKind::County, OrgKind::City, OrgKind::JusticeOffice] {
        assert!(!receives_complaints(kind), "{kind:?}");
    }
}

#[test]
fn a_transfer_hands_it_on_with_a_new_deadline() {
    let mut c = opened(None, None);
    assert_eq!(c.handler_id, BUREAU);
    let to_self = ComplaintCommand::Transfer {
        to_id: BUREAU,
        reason: "本单位".into(),
    };
    assert_eq!(
        step(&mut c, to_self, BUREAU, "2026-11-04")
            .unwrap_err()
            .code,
        "complaint.transfer_self"
    );
    let transfer = ComplaintCommand::Transfer {
        to_id: TOWN,
        reason: "发生地在城关镇，属乡镇法定职权".into(),
    };
    step(&mut c, transfer, BUREAU, "2026-11-04").unwrap();
    assert_eq!(c.handler_id, TOWN);
    assert_eq!(c.accept_by, day("2026-11-13"));
}

#[test]
fn a_missed_deadline_is_escalated_once_and_a_new_one_again() {
    let mut c = opened(Some(TOWN), Some((TOWN, CompetenceBasis::Statutory)));
    assert_eq!(
        escalation(&c, BUREAU, day("2026-11-11")),
        None,
        "the last day is in time"
    );
    assert!(!c.overdue(day("2026-11-11")));
    let e = escalation(&c, BUREAU, day("2026-11-12")).expect("a day late");
    assert_eq!(
        e,
        ComplaintEvent::Escalated {
            to_id: BUREAU,
            stage: Stage::Accept,
            due: day("2026-11-11")
        }
    );
    c.apply(&e);
    assert_eq!(c.supervisor_id, Some(BUREAU));
    assert_eq!(
        escalation(&c, BUREAU, day("2026-11-20")),
        None,
        "once per deadline"
    );
    step(
        &mut c,
        ComplaintCommand::Accept {
            note: String::new(),
        },
        TOWN,
        "2026-11-13",
    )
    .unwrap();
    // 13 November + 15 working days = 4 December; escalated again the day after.
    assert_eq!(escalation(&c, BUREAU, day("2026-12-04")), None);
    let again = escalation(&c, BUREAU, day("2026-12-05")).unwrap();
    assert!(matches!(
        again,
        ComplaintEvent::Escalated {
            stage: Stage::Answer,
            ..
        }
    ));
    let line = again.describe(|id| {
        if id == BUREAU {
            "县司法局".into()
        } else {
            "?".into()
        }
    });
    assert_eq!(line, "办结期限（2026-12-04）已过，已报县司法局督办");
}

#[test]
fn events_round_trip_through_json() {
    let f = filing(ComplaintKind::Report, Some(TOWN));
    let to = route(&f, Some((DEPT, CompetenceBasis::Retained)), BUREAU);
    let events = open(
        f,
        to,
        day("2026-11-02"),
        calendar(),
        &ComplaintPolicy::default(),
    )
    .unwrap();
    let json = serde_json::to_string(&events).unwrap();
    let back: Vec<ComplaintEvent> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, events);
    assert_eq!(
        Complaint::fold(&back[1..]),
        None,
        "a record starts with its filing"
    );
}

#[test]
fn what_the_bureau_handles_itself_is_overdue_but_not_escalated_to_itself() {
    let c = opened(None, None);
    assert_eq!(c.handler_id, BUREAU);
    assert!(c.overdue(day("2026-11-12")));
    assert_eq!(escalation(&c, BUREAU, day("2026-11-12")), None);
}

#[test]
fn beyond_the_calendar_monday_to_friday_count() {
    let far = day("2040-03-01"); // a Thursday
    assert!(calendar().add_working_days(far, 7).is_err(), "not covered");
    let f = filing(ComplaintKind::Report, Some(TOWN));
    let to = route(&f, None, BUREAU);
    let events = open(f, to, far, calendar(), &ComplaintPolicy::default()).unwrap();
    assert_eq!(
        Complaint::fold(&events).unwrap().accept_by,
        day("2040-03-12")
    );
}

#[test]
fn long_or_odd_fields_are_refused() {
    let policy = ComplaintPolicy::default();
    let mut f = filing(ComplaintKind::Report, Some(TOWN));
    f.location = "路".repeat(MAX_SHORT + 1);
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.location_long"
    );
    let mut f = filing(ComplaintKind::Report, Some(TOWN));
    f.contact = Some(Contact {
        name: "名".repeat(51),
        phone: "13800001111".into(),
        email: String::new(),
    });
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.contact_long"
    );
    let mut f = filing(ComplaintKind::Report, Some(TOWN));
    f.media_urls = vec!["file:///etc/passwd".into()];
    assert_eq!(
        check_filing(&f, &policy).unwrap_err().code,
        "complaint.bad_media_url"
    );
    f.media_urls = vec!["https://app.example.cn/p/1.jpg".into()];
    assert!(check_filing(&f, &policy).is_ok());
}
