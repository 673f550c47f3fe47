//! Table test over real requisite texts: each case is quoted verbatim from
//! the 2023-24 calendar or the 2014-15 Open Data files, with the full tree
//! the parser must produce.

use serde_json::json;

use crate::index::taxonomy::Taxonomy;
use crate::model::{ParseStatus, Requisite};

use super::{parse_corequisites, parse_prerequisites};

/// One real prerequisite text and the tree expected from it.
struct Case {
    /// Course and source the text is quoted from.
    source: &'static str,
    /// Subject of the course, inherited by a leading bare number.
    subject: &'static str,
    /// The text exactly as the source has it.
    text: &'static str,
    /// Expected parse status.
    status: ParseStatus,
    /// Expected tree as JSON in the index format.
    expected: serde_json::Value,
}

fn case(source: &'static str, subject: &'static str, text: &'static str, status: ParseStatus, expected: serde_json::Value) -> Case {
    Case { source, subject, text, status, expected }
}

fn real_cases() -> Vec<Case> {
    vec![
        case(
            "ACTSC 231, 2023-24 calendar",
            "ACTSC",
            "Prereq: MATH 137 or 147 and (STAT 220 with a grade of at least 70% or a corequisite of STAT 230 or 240); Level at least 2A; Not open to students who have received credit for ACTSC 232.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 137" },
                    { "type": "course", "code": "MATH 147" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 220", "min_grade": 70 },
                    { "type": "course", "code": "STAT 230", "concurrent": true },
                    { "type": "course", "code": "STAT 240", "concurrent": true }
                ] },
                { "type": "level", "min": "2A" },
                { "type": "no_credit", "codes": ["ACTSC 232"] }
            ] }),
        ),
        case(
            "ACTSC 232, 2023-24 calendar",
            "ACTSC",
            "Prereq: (At least 60% in ACTSC 231) and (STAT 230 or 240) and (at least 60% in MTHEL 131). Not open to students who received credit for ACTSC 331.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "ACTSC 231", "min_grade": 60 },
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 230" },
                    { "type": "course", "code": "STAT 240" }
                ] },
                { "type": "course", "code": "MTHEL 131", "min_grade": 60 },
                { "type": "no_credit", "codes": ["ACTSC 331"] }
            ] }),
        ),
        case(
            "ACTSC 221, 2023-24 calendar",
            "ACTSC",
            "Prereq: Level at least 2A; Not open to Actuarial Science students.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "level", "min": "2A" },
                { "type": "program", "mode": "not_open", "name": "Actuarial Science", "groups": ["Actuarial Science"] }
            ] }),
        ),
        case(
            "MATH 239, 2023-24 calendar",
            "MATH",
            "Prereq: ((MATH 106 with a grade of at least 70% or MATH 136 or 146) and (MATH 135 with a grade of at least 60% or MATH 145)) or level at least 2A Software Engineering; Honours Mathematics students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "all", "children": [
                        { "type": "any", "children": [
                            { "type": "course", "code": "MATH 106", "min_grade": 70 },
                            { "type": "course", "code": "MATH 136" },
                            { "type": "course", "code": "MATH 146" }
                        ] },
                        { "type": "any", "children": [
                            { "type": "course", "code": "MATH 135", "min_grade": 60 },
                            { "type": "course", "code": "MATH 145" }
                        ] }
                    ] },
                    { "type": "all", "children": [
                        { "type": "level", "min": "2A" },
                        { "type": "program", "mode": "enrolled", "name": "Software Engineering", "groups": ["Software Engineering"] }
                    ] }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Honours Mathematics", "groups": ["Honours Mathematics"] }
            ] }),
        ),
        case(
            "CS 240, 2023-24 calendar",
            "CS",
            "Prereq: (CS 245/245E or SE 212), (one of CS 241/241E, 246/246E, 247), (one of STAT 206, 230, 240); Computer Science and BMath (Data Science) students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 245" },
                    { "type": "course", "code": "CS 245E" },
                    { "type": "course", "code": "SE 212" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 241" },
                    { "type": "course", "code": "CS 241E" },
                    { "type": "course", "code": "CS 246" },
                    { "type": "course", "code": "CS 246E" },
                    { "type": "course", "code": "CS 247" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 206" },
                    { "type": "course", "code": "STAT 230" },
                    { "type": "course", "code": "STAT 240" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Computer Science and BMath (Data Science)", "groups": ["Computer Science", "Data Science"] }
            ] }),
        ),
        case(
            "CS 136L, 2023-24 calendar",
            "CS",
            "Prereq: At least 90% in CS 115 or at least 70% in CS 116 or at least 60% inCS 135 or CS 145.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "course", "code": "CS 115", "min_grade": 90 },
                { "type": "course", "code": "CS 116", "min_grade": 70 },
                { "type": "course", "code": "CS 135", "min_grade": 60 },
                { "type": "course", "code": "CS 145" }
            ] }),
        ),
        case(
            "CS 246, 2023-24 calendar",
            "CS",
            "Prereq: (CS 146 and CS 136L) or (a grade of 60% or higher in CS 138) or (CS 136L and a grade of 60% or higher in CS 136); Honours Mathematics students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "all", "children": [
                        { "type": "course", "code": "CS 146" },
                        { "type": "course", "code": "CS 136L" }
                    ] },
                    { "type": "course", "code": "CS 138", "min_grade": 60 },
                    { "type": "all", "children": [
                        { "type": "course", "code": "CS 136L" },
                        { "type": "course", "code": "CS 136", "min_grade": 60 }
                    ] }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Honours Mathematics", "groups": ["Honours Mathematics"] }
            ] }),
        ),
        case(
            "STAT 230, 2023-24 calendar",
            "STAT",
            "Prereq: ((One of MATH 116, 117, 137, 147) with a minimum grade of 80%) or (MATH 128 with a minimum grade of 60%) or (one of MATH 118, 119, 138, 148); Honours Math or Math/Phys students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 116", "min_grade": 80 },
                    { "type": "course", "code": "MATH 117", "min_grade": 80 },
                    { "type": "course", "code": "MATH 137", "min_grade": 80 },
                    { "type": "course", "code": "MATH 147", "min_grade": 80 },
                    { "type": "course", "code": "MATH 128", "min_grade": 60 },
                    { "type": "course", "code": "MATH 118" },
                    { "type": "course", "code": "MATH 119" },
                    { "type": "course", "code": "MATH 138" },
                    { "type": "course", "code": "MATH 148" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Honours Math or Math/Phys", "groups": ["Honours Mathematics", "Mathematical Physics"] }
            ] }),
        ),
        case(
            "CS 371, 2023-24 calendar",
            "CS",
            "Prereq: (One of CS 116, 136, 138, 146), MATH 235 or 245, 237 or 247.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 116" },
                    { "type": "course", "code": "CS 136" },
                    { "type": "course", "code": "CS 138" },
                    { "type": "course", "code": "CS 146" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 235" },
                    { "type": "course", "code": "MATH 245" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 237" },
                    { "type": "course", "code": "MATH 247" }
                ] }
            ] }),
        ),
        case(
            "CS 350, 2023-24 calendar",
            "CS",
            "Prereq: CS 240/240E, 241/241E, 246/246E, (CS 251/251E or ECE 222); Computer Science students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 240" },
                    { "type": "course", "code": "CS 240E" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 241" },
                    { "type": "course", "code": "CS 241E" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 246" },
                    { "type": "course", "code": "CS 246E" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 251" },
                    { "type": "course", "code": "CS 251E" },
                    { "type": "course", "code": "ECE 222" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Computer Science", "groups": ["Computer Science"] }
            ] }),
        ),
        case(
            "CS 341, 2023-24 calendar",
            "CS",
            "Prereq: CS 240/240E and (MATH 239 or 249); Computer Science and BMath (Data Science) students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 240" },
                    { "type": "course", "code": "CS 240E" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 239" },
                    { "type": "course", "code": "MATH 249" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Computer Science and BMath (Data Science)", "groups": ["Computer Science", "Data Science"] }
            ] }),
        ),
        case(
            "AMATH 242, 2023-24 calendar",
            "AMATH",
            "Prereq: (One of CS 116, 136, 138, 146), MATH 235 or 245, 237 or 247.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 116" },
                    { "type": "course", "code": "CS 136" },
                    { "type": "course", "code": "CS 138" },
                    { "type": "course", "code": "CS 146" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 235" },
                    { "type": "course", "code": "MATH 245" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 237" },
                    { "type": "course", "code": "MATH 247" }
                ] }
            ] }),
        ),
        case(
            "CS 479, 2023-24 calendar",
            "CS",
            "Prereq: One of CS 335, CS 370, CS 371/AMATH 242; and STAT 206 with at least 60% or STAT 230 or STAT 240",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 335" },
                    { "type": "course", "code": "CS 370" },
                    { "type": "course", "code": "CS 371" },
                    { "type": "course", "code": "AMATH 242" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 206", "min_grade": 60 },
                    { "type": "course", "code": "STAT 230" },
                    { "type": "course", "code": "STAT 240" }
                ] }
            ] }),
        ),
        case(
            "PSYCH 334R, 2023-24 calendar",
            "PSYCH",
            "Prereq: PSYCH 101/101R; Level at least 2A",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "PSYCH 101" },
                    { "type": "course", "code": "PSYCH 101R" }
                ] },
                { "type": "level", "min": "2A" }
            ] }),
        ),
        case(
            "ECE 204, 2023-24 calendar",
            "ECE",
            "Prereq: Level at least 2A Computer Engineering or Electrical Engineering.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "level", "min": "2A" },
                { "type": "program", "mode": "enrolled", "name": "Computer Engineering or Electrical Engineering", "groups": ["Computer Engineering", "Electrical Engineering"] }
            ] }),
        ),
        case(
            "SYDE 575, 2023-24 calendar",
            "SYDE",
            "Prereq: BME 252 or SYDE 252; (Level at least 3A Biomedical Engineering) or (Level at least 3B Systems Design Engineering) or (Level at least 4A Mechatronics Engineering) or Mechatronics Option or Biomechanics Option",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "BME 252" },
                    { "type": "course", "code": "SYDE 252" }
                ] },
                { "type": "any", "children": [
                    { "type": "all", "children": [
                        { "type": "level", "min": "3A" },
                        { "type": "program", "mode": "enrolled", "name": "Biomedical Engineering", "groups": ["Biomedical Engineering"] }
                    ] },
                    { "type": "all", "children": [
                        { "type": "level", "min": "3B" },
                        { "type": "program", "mode": "enrolled", "name": "Systems Design Engineering", "groups": ["Systems Design Engineering"] }
                    ] },
                    { "type": "all", "children": [
                        { "type": "level", "min": "4A" },
                        { "type": "program", "mode": "enrolled", "name": "Mechatronics Engineering", "groups": ["Mechatronics Engineering"] }
                    ] },
                    { "type": "program", "mode": "enrolled", "name": "Mechatronics Option or Biomechanics Option", "groups": ["Mechatronics Option", "Biomechanics Option"] }
                ] }
            ] }),
        ),
        case(
            "PSYCH 499A, 2023-24 calendar",
            "PSYCH",
            "Prereq: PSYCH 391; one of PSYCH 389, 390, 392, 393, 394, 395, 396, 397, 398, 399, 483, 484; Honours Psychology or Make-up Psychology students; cumulative Psychology average of 82%",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "PSYCH 391" },
                { "type": "any", "children": [
                    { "type": "course", "code": "PSYCH 389" },
                    { "type": "course", "code": "PSYCH 390" },
                    { "type": "course", "code": "PSYCH 392" },
                    { "type": "course", "code": "PSYCH 393" },
                    { "type": "course", "code": "PSYCH 394" },
                    { "type": "course", "code": "PSYCH 395" },
                    { "type": "course", "code": "PSYCH 396" },
                    { "type": "course", "code": "PSYCH 397" },
                    { "type": "course", "code": "PSYCH 398" },
                    { "type": "course", "code": "PSYCH 399" },
                    { "type": "course", "code": "PSYCH 483" },
                    { "type": "course", "code": "PSYCH 484" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Honours Psychology or Make-up Psychology", "groups": ["Psychology"] },
                { "type": "average", "min_percent": 82.0, "text": "cumulative Psychology average of 82%" }
            ] }),
        ),
        case(
            "PHIL 382, 2023-24 calendar",
            "PHIL",
            "Prereq: 0.50 unit in PHIL",
            ParseStatus::Full,
            json!({ "type": "units", "min_units": 0.5, "subjects": ["PHIL"], "text": "0.50 unit in PHIL" }),
        ),
        case(
            "FINE 315, 2023-24 calendar",
            "FINE",
            "Prereq: FINE 209; At least 2.0 units of FINE 200-level studio courses; Level at least 3A Fine Arts majors",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "FINE 209" },
                { "type": "units", "min_units": 2.0, "subjects": ["FINE"], "min_course_level": 200, "text": "At least 2.0 units of FINE 200-level studio courses" },
                { "type": "level", "min": "3A" },
                { "type": "program", "mode": "enrolled", "name": "Fine Arts majors", "groups": ["Fine Arts"] }
            ] }),
        ),
        case(
            "HRM 400, 2023-24 calendar",
            "HRM",
            "Prereq: Three of HRM 301, 303, 305, 307; Human Resources Management students",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "n_of", "n": 3, "children": [
                    { "type": "course", "code": "HRM 301" },
                    { "type": "course", "code": "HRM 303" },
                    { "type": "course", "code": "HRM 305" },
                    { "type": "course", "code": "HRM 307" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Human Resources Management", "groups": ["Human Resources Management"] }
            ] }),
        ),
        case(
            "PHYS 375, 2014-15 Open Data",
            "PHYS",
            "PHYS 112 or 122 and two of PHYS 234, 241, 242, 256, 258/358, 263, 275",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "PHYS 112" },
                    { "type": "course", "code": "PHYS 122" }
                ] },
                { "type": "n_of", "n": 2, "children": [
                    { "type": "course", "code": "PHYS 234" },
                    { "type": "course", "code": "PHYS 241" },
                    { "type": "course", "code": "PHYS 242" },
                    { "type": "course", "code": "PHYS 256" },
                    { "type": "any", "children": [
                        { "type": "course", "code": "PHYS 258" },
                        { "type": "course", "code": "PHYS 358" }
                    ] },
                    { "type": "course", "code": "PHYS 263" },
                    { "type": "course", "code": "PHYS 275" }
                ] }
            ] }),
        ),
        case(
            "ECON 221, 2023-24 calendar",
            "ECON",
            "Prereq: ECON 101 or ECON 100/COMM 103; Not open to students in the Faculty of Mathematics.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "ECON 101" },
                    { "type": "course", "code": "ECON 100" },
                    { "type": "course", "code": "COMM 103" }
                ] },
                { "type": "program", "mode": "not_open", "name": "Faculty of Mathematics", "groups": ["Mathematics"] }
            ] }),
        ),
        case(
            "PHIL 447, 2023-24 calendar",
            "PHIL",
            "Prereq: PHIL/PSYCH 256",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "course", "code": "PHIL 256" },
                { "type": "course", "code": "PSYCH 256" }
            ] }),
        ),
        case(
            "GENE 101, 2023-24 calendar",
            "GENE",
            "Prereq: 1A Engineering students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "level", "min": "1A" },
                { "type": "program", "mode": "enrolled", "name": "Engineering", "groups": ["Engineering"] }
            ] }),
        ),
        case(
            "CS 231, 2014-15 Open Data",
            "CS",
            "One of CS 116, 136, 138, 146 or CS 114 with at least 60%; CS 115 or CS 135. Not open to Computer Science students.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 116" },
                    { "type": "course", "code": "CS 136" },
                    { "type": "course", "code": "CS 138" },
                    { "type": "course", "code": "CS 146" },
                    { "type": "course", "code": "CS 114", "min_grade": 60 }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 115" },
                    { "type": "course", "code": "CS 135" }
                ] },
                { "type": "program", "mode": "not_open", "name": "Computer Science", "groups": ["Computer Science"] }
            ] }),
        ),
        case(
            "CS 137, 2014-15 Open Data",
            "CS",
            "Software Engineering students only",
            ParseStatus::Full,
            json!({ "type": "program", "mode": "enrolled", "name": "Software Engineering", "groups": ["Software Engineering"] }),
        ),
        case(
            "PMATH 641, 2014-15 Open Data",
            "PMATH",
            "Prerequisite: PMATH 345 or consent of department.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "course", "code": "PMATH 345" },
                { "type": "consent", "by": "department" }
            ] }),
        ),
        case(
            "PHYS 124, 2014-15 Open Data",
            "PHYS",
            "PHYS 111 (minimum grade 70%) or 115 or 121 or ECE 105.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "course", "code": "PHYS 111", "min_grade": 70 },
                { "type": "course", "code": "PHYS 115" },
                { "type": "course", "code": "PHYS 121" },
                { "type": "course", "code": "ECE 105" }
            ] }),
        ),
        case(
            "STAT 430, 2014-15 Open Data",
            "STAT",
            "STAT 372 or ((one of STAT 331, 361) and (one of STAT 332, 362)); Not open to General Mathematics students.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 372" },
                    { "type": "all", "children": [
                        { "type": "any", "children": [
                            { "type": "course", "code": "STAT 331" },
                            { "type": "course", "code": "STAT 361" }
                        ] },
                        { "type": "any", "children": [
                            { "type": "course", "code": "STAT 332" },
                            { "type": "course", "code": "STAT 362" }
                        ] }
                    ] }
                ] },
                { "type": "program", "mode": "not_open", "name": "General Mathematics", "groups": ["General Mathematics"] }
            ] }),
        ),
        case(
            "AMATH 382, 2014-15 Open Data",
            "AMATH",
            "One of MATH 118, 119, 128, 138, 148; Third year standing in an Honours plan",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 118" },
                    { "type": "course", "code": "MATH 119" },
                    { "type": "course", "code": "MATH 128" },
                    { "type": "course", "code": "MATH 138" },
                    { "type": "course", "code": "MATH 148" }
                ] },
                { "type": "level", "min": "3A" },
                { "type": "program", "mode": "enrolled", "name": "Honours plan", "groups": ["Honours"] }
            ] }),
        ),
        case(
            "PSCI 434, 2014-15 Open Data",
            "PSCI",
            "Four PSCI courses; Level at least 4A",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "units", "min_units": 2.0, "subjects": ["PSCI"], "text": "Four PSCI courses" },
                { "type": "level", "min": "4A" }
            ] }),
        ),
        case(
            "PSCI 352, 2014-15 Open Data",
            "PSCI",
            "At least one 200-level PSCI course",
            ParseStatus::Full,
            json!({ "type": "units", "min_units": 0.5, "subjects": ["PSCI"], "min_course_level": 200, "text": "At least one 200-level PSCI course" }),
        ),
        case(
            "REC 450A, 2014-15 Open Data",
            "REC",
            "REC 253, 357 (or REC 350); Level at least 3A Theraputic Recreation students.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "REC 253" },
                { "type": "any", "children": [
                    { "type": "course", "code": "REC 357" },
                    { "type": "course", "code": "REC 350" }
                ] },
                { "type": "level", "min": "3A" },
                { "type": "program", "mode": "enrolled", "name": "Theraputic Recreation", "groups": ["Recreation and Leisure Studies"] }
            ] }),
        ),
        case(
            "SYDE 334, 2014-15 Open Data",
            "SYDE",
            "SYDE 212 (with minimum grade of 70%); Level at least 3B Systems Design Engineering.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "SYDE 212", "min_grade": 70 },
                { "type": "level", "min": "3B" },
                { "type": "program", "mode": "enrolled", "name": "Systems Design Engineering", "groups": ["Systems Design Engineering"] }
            ] }),
        ),
        case(
            "AMATH 350, 2023-24 calendar",
            "AMATH",
            "Prereq:(One of MATH106, 136, 146), 237 or 247, STAT 230or240 &(one of AFM 272/ACTSC291,ACTSC371,372,ECON371,BUS393W);Lev at least 3A;Not open to GenMath stdts.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 106" },
                    { "type": "course", "code": "MATH 136" },
                    { "type": "course", "code": "MATH 146" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 237" },
                    { "type": "course", "code": "MATH 247" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 230" },
                    { "type": "course", "code": "STAT 240" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "AFM 272" },
                    { "type": "course", "code": "ACTSC 291" },
                    { "type": "course", "code": "ACTSC 371" },
                    { "type": "course", "code": "ACTSC 372" },
                    { "type": "course", "code": "ECON 371" },
                    { "type": "course", "code": "BUS 393W" }
                ] },
                { "type": "level", "min": "3A" },
                { "type": "program", "mode": "not_open", "name": "GenMath", "groups": ["General Mathematics"] }
            ] }),
        ),
        case(
            "ECON 371, 2014-15 Open Data",
            "ECON",
            "ECON 101, 102 and (ECON 221 or 1 of ARTS 280, ENVS 278, ISS 250A/B, SDS/ISS 250R, KIN 222, PSCI 214/314, PSYCH 292, REC 371, SMF 230, SOC/LS 280, STAT 202, 206, 211, 221, 231, 241, SWREN 250A/B, 250R.)",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "ECON 101" },
                { "type": "course", "code": "ECON 102" },
                { "type": "any", "children": [
                    { "type": "course", "code": "ECON 221" },
                    { "type": "course", "code": "ARTS 280" },
                    { "type": "course", "code": "ENVS 278" },
                    { "type": "course", "code": "ISS 250A" },
                    { "type": "course", "code": "ISS 250B" },
                    { "type": "course", "code": "SDS 250R" },
                    { "type": "course", "code": "ISS 250R" },
                    { "type": "course", "code": "KIN 222" },
                    { "type": "course", "code": "PSCI 214" },
                    { "type": "course", "code": "PSCI 314" },
                    { "type": "course", "code": "PSYCH 292" },
                    { "type": "course", "code": "REC 371" },
                    { "type": "course", "code": "SMF 230" },
                    { "type": "course", "code": "SOC 280" },
                    { "type": "course", "code": "LS 280" },
                    { "type": "course", "code": "STAT 202" },
                    { "type": "course", "code": "STAT 206" },
                    { "type": "course", "code": "STAT 211" },
                    { "type": "course", "code": "STAT 221" },
                    { "type": "course", "code": "STAT 231" },
                    { "type": "course", "code": "STAT 241" },
                    { "type": "course", "code": "SWREN 250A" },
                    { "type": "course", "code": "SWREN 250B" },
                    { "type": "course", "code": "SWREN 250R" }
                ] }
            ] }),
        ),
        case(
            "PHS 604, 2014-15 Open Data",
            "PHS",
            "Prerequisite: Master of Public Health Students only. Co-requisite: PHS 605",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "program", "mode": "enrolled", "name": "Master of Public Health", "groups": ["Public Health"] },
                { "type": "course", "code": "PHS 605", "concurrent": true }
            ] }),
        ),
        case(
            "FINE 226, 2023-24 calendar",
            "FINE",
            "Prereq: FINE 100; Fine Arts Health and Safety Milestone; Fine Arts Woodshop Workshop Milestone",
            ParseStatus::Partial,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "FINE 100" },
                { "type": "unparsed", "text": "Fine Arts Health and Safety Milestone" },
                { "type": "unparsed", "text": "Fine Arts Woodshop Workshop Milestone" }
            ] }),
        ),
        case(
            "MATH 135, 2023-24 calendar",
            "MATH",
            "Prereq: 4U Calculus and Vectors or 4U Mathematics of Data Management; Honours Mathematics or Mathematics/BASE or Software Engineering students only.",
            ParseStatus::Partial,
            json!({ "type": "all", "children": [
                { "type": "unparsed", "text": "4U Calculus and Vectors or 4U Mathematics of Data Management" },
                { "type": "program", "mode": "enrolled", "name": "Honours Mathematics or Mathematics/BASE or Software Engineering", "groups": ["Honours Mathematics", "Mathematics/BASE", "Software Engineering"] }
            ] }),
        ),
        case(
            "CS 338, 2023-24 calendar",
            "CS",
            "Prereq: One of CS 230, 231, 234, 246/246E, 330; or (AFM 341 and (CS 116 or CS 136 or CS 146)); Not open to Computer Science students.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 230" },
                    { "type": "course", "code": "CS 231" },
                    { "type": "course", "code": "CS 234" },
                    { "type": "course", "code": "CS 246" },
                    { "type": "course", "code": "CS 246E" },
                    { "type": "course", "code": "CS 330" },
                    { "type": "all", "children": [
                        { "type": "course", "code": "AFM 341" },
                        { "type": "any", "children": [
                            { "type": "course", "code": "CS 116" },
                            { "type": "course", "code": "CS 136" },
                            { "type": "course", "code": "CS 146" }
                        ] }
                    ] }
                ] },
                { "type": "program", "mode": "not_open", "name": "Computer Science", "groups": ["Computer Science"] }
            ] }),
        ),
        case(
            "CHEM 340, 2014-15 Open Data",
            "CHEM",
            "CHEM 140 (formerly CHEM 140L); CHEM 129 or 209; CHEM 212 or 264",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CHEM 140" },
                    { "type": "course", "code": "CHEM 140L" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CHEM 129" },
                    { "type": "course", "code": "CHEM 209" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "CHEM 212" },
                    { "type": "course", "code": "CHEM 264" }
                ] }
            ] }),
        ),
        case(
            "AFM 102, 2023-24 calendar",
            "AFM",
            "Prereq: AFM 101, AFM 191, or BUS 127W/227W.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "course", "code": "AFM 101" },
                { "type": "course", "code": "AFM 191" },
                { "type": "course", "code": "BUS 127W" },
                { "type": "course", "code": "BUS 227W" }
            ] }),
        ),
        case(
            "AMATH 242, 2014-15 Open Data",
            "AMATH",
            "(One of CS 116, 134, 136, 138, 145 taken fall 2010 or earlier, CS 146), MATH 235 or 245, 237 or 247; Not open to General Mathematics students.",
            ParseStatus::Partial,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "CS 116" },
                    { "type": "course", "code": "CS 134" },
                    { "type": "course", "code": "CS 136" },
                    { "type": "course", "code": "CS 138" },
                    { "type": "all", "children": [
                        { "type": "course", "code": "CS 145" },
                        { "type": "unparsed", "text": "taken fall 2010 or earlier" }
                    ] },
                    { "type": "course", "code": "CS 146" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 235" },
                    { "type": "course", "code": "MATH 245" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 237" },
                    { "type": "course", "code": "MATH 247" }
                ] },
                { "type": "program", "mode": "not_open", "name": "General Mathematics", "groups": ["General Mathematics"] }
            ] }),
        ),
        case(
            "INTEG 230, 2014-15 Open Data",
            "INTEG",
            "Knowledge Integration Honours students only or Department Consent.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "program", "mode": "enrolled", "name": "Knowledge Integration Honours", "groups": ["Knowledge Integration"] },
                { "type": "consent", "by": "department" }
            ] }),
        ),
        case(
            "MTE 482, 2014-15 Open Data",
            "MTE",
            "MTE 380, 481; Level at least 4A Mechatronics Engineering students only.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "MTE 380" },
                { "type": "course", "code": "MTE 481" },
                { "type": "level", "min": "4A" },
                { "type": "program", "mode": "enrolled", "name": "Mechatronics Engineering", "groups": ["Mechatronics Engineering"] }
            ] }),
        ),
        case(
            "ECE 493, 2023-24 calendar",
            "ECE",
            "Prereq: Level at least 4A Computer Engineering or Electrical Engineering or Mechatronics Engineering or Nanotechnology Engineering or Software Engineering",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "level", "min": "4A" },
                { "type": "program", "mode": "enrolled", "name": "Computer Engineering or Electrical Engineering or Mechatronics Engineering or Nanotechnology Engineering or Software Engineering", "groups": ["Computer Engineering", "Electrical Engineering", "Mechatronics Engineering", "Nanotechnology Engineering", "Software Engineering"] }
            ] }),
        ),
        case(
            "PACS 301, 2023-24 calendar",
            "PACS",
            "Prereq: Level at least 2A or Peace and Conflict Studies Diploma students",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "level", "min": "2A" },
                { "type": "program", "mode": "enrolled", "name": "Peace and Conflict Studies Diploma", "groups": ["Peace and Conflict Studies"] }
            ] }),
        ),
        case(
            "MATH 117, 2023-24 calendar",
            "MATH",
            "Prereq: 4U Calculus and Vectors; Open only to students in Electrical and Computer Engineering or Software Engineering or Nanotechnology Engineering.",
            ParseStatus::Partial,
            json!({ "type": "all", "children": [
                { "type": "unparsed", "text": "4U Calculus and Vectors" },
                { "type": "program", "mode": "enrolled", "name": "Electrical and Computer Engineering or Software Engineering or Nanotechnology Engineering", "groups": ["Computer Engineering", "Electrical Engineering", "Software Engineering", "Nanotechnology Engineering"] }
            ] }),
        ),
        case(
            "HLTH 355, 2023-24 calendar",
            "HLTH",
            "Prereq: (HLTH 102 or Nutrition Minor students); Level at least 3A",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "HLTH 102" },
                    { "type": "program", "mode": "enrolled", "name": "Nutrition Minor", "groups": [] }
                ] },
                { "type": "level", "min": "3A" }
            ] }),
        ),
        case(
            "SDS 250R, 2014-15 Open Data",
            "SDS",
            "Min. 1.0 unit from ANTH, SDS/ISS, PSYCH, SOC, SOCWK; Level at least 2A; Not open to Math.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "units", "min_units": 1.0, "subjects": ["ANTH", "SDS", "ISS", "PSYCH", "SOC", "SOCWK"], "text": "Min. 1.0 unit from ANTH, SDS/ISS, PSYCH, SOC, SOCWK" },
                { "type": "level", "min": "2A" },
                { "type": "program", "mode": "not_open", "name": "Math", "groups": ["Mathematics"] }
            ] }),
        ),
        case(
            "ERS 383, 2014-15 Open Data",
            "ERS",
            "ENVS 200 or Instructor Consent",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "course", "code": "ENVS 200" },
                { "type": "consent", "by": "instructor" }
            ] }),
        ),
        case(
            "ECE 632, 2014-15 Open Data",
            "ECE",
            "Prerequisites: ECE 209 and 231or Instructor's consent.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "ECE 209" },
                { "type": "any", "children": [
                    { "type": "course", "code": "ECE 231" },
                    { "type": "consent", "by": "instructor" }
                ] }
            ] }),
        ),
        case(
            "CHE 612, 2014-15 Open Data",
            "CHE",
            "Prerequisite: CHE Graduate Level Plans - All others require permission of department.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "program", "mode": "enrolled", "name": "CHE Graduate Level Plans", "groups": [] },
                { "type": "consent", "by": "department" }
            ] }),
        ),
        case(
            "SWREN 442A, 2014-15 Open Data",
            "SWREN",
            "SWREN 441A and B; Bachelor of Social Work students only",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "SWREN 441A" },
                { "type": "course", "code": "SWREN 441B" },
                { "type": "program", "mode": "enrolled", "name": "Bachelor of Social Work", "groups": ["Social Work"] }
            ] }),
        ),
        case(
            "STV 302, 2023-24 calendar",
            "STV",
            "Prereq: Level at least 3A or any 100- or 200-level STV course",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "level", "min": "3A" },
                { "type": "units", "min_units": 0.5, "subjects": ["STV"], "min_course_level": 100, "text": "any 100- or 200-level STV course" }
            ] }),
        ),
        case(
            "STAT 231, 2014-15 Open Data",
            "STAT",
            "Prereq:(MATH 128 or 138 or 148) & (STAT 220>70% or 230 or 240);Hon Math or Math/Phys",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "any", "children": [
                    { "type": "course", "code": "MATH 128" },
                    { "type": "course", "code": "MATH 138" },
                    { "type": "course", "code": "MATH 148" }
                ] },
                { "type": "any", "children": [
                    { "type": "course", "code": "STAT 220", "min_grade": 70 },
                    { "type": "course", "code": "STAT 230" },
                    { "type": "course", "code": "STAT 240" }
                ] },
                { "type": "program", "mode": "enrolled", "name": "Hon Math or Math/Phys", "groups": ["Honours Mathematics", "Mathematical Physics"] }
            ] }),
        ),
        case(
            "PDENG 25, 2014-15 Open Data",
            "PDENG",
            "PDENG 15, and enrolled in Engineering or Software Engineering.",
            ParseStatus::Full,
            json!({ "type": "all", "children": [
                { "type": "course", "code": "PDENG 15" },
                { "type": "program", "mode": "enrolled", "name": "Engineering or Software Engineering", "groups": ["Engineering", "Software Engineering"] }
            ] }),
        ),
        case(
            "HIST 605, 2014-15 Open Data",
            "HIST",
            "Prerequisite: Graduate Global Governance Plans only.  All others require permission of department.",
            ParseStatus::Full,
            json!({ "type": "any", "children": [
                { "type": "program", "mode": "enrolled", "name": "Graduate Global Governance Plans", "groups": [] },
                { "type": "consent", "by": "department" }
            ] }),
        ),
    ]
}

#[test]
fn real_texts_parse_to_expected_trees() {
    let taxonomy = Taxonomy::builtin();
    let cases = real_cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());

    for case in cases {
        let expected: Requisite = serde_json::from_value(case.expected.clone())
            .unwrap_or_else(|error| panic!("{}: expected JSON is not a requisite tree: {error}", case.source));
        let parsed = parse_prerequisites(case.text, case.subject, &taxonomy);
        let actual = parsed.tree.unwrap_or_else(|| panic!("{}: no tree for `{}`", case.source, case.text));
        assert_eq!(
            actual,
            expected,
            "{}: `{}`\nactual:   {}\nexpected: {}",
            case.source,
            case.text,
            serde_json::to_string(&actual).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        assert_eq!(parsed.status, Some(case.status), "{}: status of `{}`", case.source, case.text);
    }
}

fn parse(text: &str) -> (Option<Requisite>, Option<ParseStatus>) {
    let parsed = parse_prerequisites(text, "CS", &Taxonomy::builtin());
    (parsed.tree, parsed.status)
}

fn tree(value: serde_json::Value) -> Requisite {
    serde_json::from_value(value).expect("test JSON is a requisite tree")
}

#[test]
fn empty_text_has_no_tree() {
    for text in ["", "   ", "\n", "Prereq:", " ; . "] {
        assert_eq!(parse(text), (None, None), "{text:?}");
    }
}

#[test]
fn consent_phrases_parse() {
    let (actual, status) = parse("Level at least 3A and consent of instructor");
    assert_eq!(actual, Some(tree(json!({ "type": "all", "children": [
        { "type": "level", "min": "3A" },
        { "type": "consent", "by": "instructor" }
    ] }))));
    assert_eq!(status, Some(ParseStatus::Full));
    assert_eq!(parse("Instructor consent required").0, Some(tree(json!({ "type": "consent", "by": "instructor" }))));
    assert_eq!(parse("Department consent required.").0, Some(tree(json!({ "type": "consent", "by": "department" }))));
}

#[test]
fn leading_bare_number_takes_own_subject() {
    assert_eq!(parse("135 or 145").0, Some(tree(json!({ "type": "any", "children": [
        { "type": "course", "code": "CS 135" },
        { "type": "course", "code": "CS 145" }
    ] }))));
}

#[test]
fn or_concurrently_marks_course() {
    assert_eq!(parse("MATH 135 or concurrently; MATH 136").0, Some(tree(json!({ "type": "all", "children": [
        { "type": "course", "code": "MATH 135", "concurrent": true },
        { "type": "course", "code": "MATH 136" }
    ] }))));
}

#[test]
fn unknown_text_is_kept_verbatim() {
    let (actual, status) = parse("Prereq: 4U Calculus and Vectors");
    assert_eq!(actual, Some(Requisite::Unparsed { text: "4U Calculus and Vectors".to_string() }));
    assert_eq!(status, Some(ParseStatus::None));
}

#[test]
fn unknown_program_keeps_empty_groups() {
    let (actual, status) = parse("Underwater Basket Weaving students only");
    assert_eq!(actual, Some(tree(json!({
        "type": "program", "mode": "enrolled", "name": "Underwater Basket Weaving", "groups": []
    }))));
    assert_eq!(status, Some(ParseStatus::Full));
}

#[test]
fn corequisites_are_concurrent() {
    let parsed = parse_corequisites("Coreq: STAT 231 or 241", "ACTSC", &Taxonomy::builtin());
    assert_eq!(parsed.tree, Some(tree(json!({ "type": "any", "children": [
        { "type": "course", "code": "STAT 231", "concurrent": true },
        { "type": "course", "code": "STAT 241", "concurrent": true }
    ] }))));
    assert_eq!(parsed.status, Some(ParseStatus::Full));
}

#[test]
fn nested_groups_flatten() {
    let (actual, _) = parse("(CS 135 or (CS 145 or (CS 115))) and ((MATH 135))");
    assert_eq!(actual, Some(tree(json!({ "type": "all", "children": [
        { "type": "any", "children": [
            { "type": "course", "code": "CS 135" },
            { "type": "course", "code": "CS 145" },
            { "type": "course", "code": "CS 115" }
        ] },
        { "type": "course", "code": "MATH 135" }
    ] }))));
}

#[test]
fn comma_list_closed_by_or_is_any() {
    let (actual, _) = parse("CS 115, 135, or 145");
    assert_eq!(actual, Some(tree(json!({ "type": "any", "children": [
        { "type": "course", "code": "CS 115" },
        { "type": "course", "code": "CS 135" },
        { "type": "course", "code": "CS 145" }
    ] }))));
}

#[test]
fn partial_status_when_some_text_unread() {
    let (actual, status) = parse("CS 135; Portfolio Review Milestone");
    assert_eq!(actual, Some(tree(json!({ "type": "all", "children": [
        { "type": "course", "code": "CS 135" },
        { "type": "unparsed", "text": "Portfolio Review Milestone" }
    ] }))));
    assert_eq!(status, Some(ParseStatus::Partial));
}
