package policies

import "time"

// ChildLimit is how long a child counts for a childcare reason, expressed as
// a school-year boundary: Japanese rules say "until the child starts primary
// school" or "until the end of grade 3", never an age in years.
type ChildLimit string

// The child limits a reason can name.
const (
	ChildLimitNone           ChildLimit = "none"
	ChildBeforePrimary       ChildLimit = "before_primary"         // 小学校就学の始期に達するまで
	ChildEndOfGrade3         ChildLimit = "end_of_grade3"          // 小学校3年生修了まで
	ChildEndOfPrimary        ChildLimit = "end_of_primary"         // 小学校修了まで
	ChildEndOfLowerSecondary ChildLimit = "end_of_lower_secondary" // 中学校修了まで
)

var childLimitLabels = map[ChildLimit]Text{
	ChildLimitNone:           {Ja: "制限なし", En: "no limit"},
	ChildBeforePrimary:       {Ja: "小学校就学の始期に達する", En: "until the child starts primary school"},
	ChildEndOfGrade3:         {Ja: "小学校3年生を修了する", En: "until the end of grade 3 of primary school"},
	ChildEndOfPrimary:        {Ja: "小学校を修了する", En: "until the end of primary school"},
	ChildEndOfLowerSecondary: {Ja: "中学校を修了する", En: "until the end of lower secondary school"},
}

var childLimitYears = map[ChildLimit]int{
	ChildBeforePrimary:       0,
	ChildEndOfGrade3:         3,
	ChildEndOfPrimary:        6,
	ChildEndOfLowerSecondary: 9,
}

func childLimitNames() []string {
	return []string{string(ChildLimitNone), string(ChildBeforePrimary), string(ChildEndOfGrade3),
		string(ChildEndOfPrimary), string(ChildEndOfLowerSecondary)}
}

// PrimarySchoolEntry returns the 1 April on which a child born on birth
// starts primary school. The school year runs from 2 April to 1 April (a
// child is legally a year older on the day before the birthday), so a child
// born on 1 April 2014 starts on 1 April 2020 and one born on 2 April 2014 on
// 1 April 2021.
func PrimarySchoolEntry(birth Date) Date {
	y, m, d := birth.Civil()
	if m < time.April || (m == time.April && d == 1) {
		return NewDate(y+6, time.April, 1)
	}
	return NewDate(y+7, time.April, 1)
}

// LastDay returns the last day (a 31 March) on which a child born on birth
// still counts under the limit; false for ChildLimitNone or an unknown limit.
func (l ChildLimit) LastDay(birth Date) (Date, bool) {
	years, ok := childLimitYears[l]
	if !ok {
		return Date{}, false
	}
	entry := PrimarySchoolEntry(birth)
	return NewDate(entry.Year()+years, time.April, 1).AddDays(-1), true
}
