package policies

import (
	"slices"
	"sync"
	"time"
)

// Holiday is a Japanese public holiday (国民の祝日, or a day the Act on
// National Holidays makes a holiday: 振替休日 and 国民の休日).
type Holiday struct {
	Date Date `json:"date"`
	Name Text `json:"name"`
}

// No Japanese-holiday module is available to the project, and the rules are
// short, so they are computed here: fixed days, Happy Monday days (2000/2003),
// the equinoxes by the usual astronomical approximation, the substitute
// holiday (振替休日, widened in 2007), the day between two holidays (国民の休日)
// and the one-off days (2019 enthronement, the 2020/2021 Olympic moves).
// The rules are those in force from 2000 and are checked against the
// published calendars; earlier years follow the history of the Act where
// it matters for the tests and are best effort otherwise. The equinox days
// are only officially fixed each February for the following year, so
// years far ahead are a forecast, as they are for every planner.

var (
	nameNewYear      = Text{Ja: "元日", En: "New Year's Day"}
	nameComingOfAge  = Text{Ja: "成人の日", En: "Coming of Age Day"}
	nameFoundation   = Text{Ja: "建国記念の日", En: "National Foundation Day"}
	nameEmperor      = Text{Ja: "天皇誕生日", En: "The Emperor's Birthday"}
	nameVernal       = Text{Ja: "春分の日", En: "Vernal Equinox Day"}
	nameShowa        = Text{Ja: "昭和の日", En: "Showa Day"}
	nameConstitution = Text{Ja: "憲法記念日", En: "Constitution Memorial Day"}
	nameGreenery     = Text{Ja: "みどりの日", En: "Greenery Day"}
	nameChildren     = Text{Ja: "こどもの日", En: "Children's Day"}
	nameMarine       = Text{Ja: "海の日", En: "Marine Day"}
	nameMountain     = Text{Ja: "山の日", En: "Mountain Day"}
	nameAged         = Text{Ja: "敬老の日", En: "Respect for the Aged Day"}
	nameAutumnal     = Text{Ja: "秋分の日", En: "Autumnal Equinox Day"}
	nameHealthSports = Text{Ja: "体育の日", En: "Health and Sports Day"}
	nameSports       = Text{Ja: "スポーツの日", En: "Sports Day"}
	nameCulture      = Text{Ja: "文化の日", En: "Culture Day"}
	nameLabour       = Text{Ja: "勤労感謝の日", En: "Labour Thanksgiving Day"}
	nameSubstitute   = Text{Ja: "振替休日", En: "Substitute Holiday"}
	nameCitizens     = Text{Ja: "国民の休日", En: "Citizens' Holiday"}
)

// oneOffHolidays are the days made holidays by their own laws.
var oneOffHolidays = []struct {
	y    int
	m    time.Month
	d    int
	name Text
}{
	{1959, time.April, 10, Text{Ja: "皇太子明仁親王の結婚の儀", En: "Wedding of Crown Prince Akihito"}},
	{1989, time.February, 24, Text{Ja: "昭和天皇の大喪の礼", En: "Funeral of Emperor Showa"}},
	{1990, time.November, 12, Text{Ja: "即位礼正殿の儀", En: "Enthronement Ceremony"}},
	{1993, time.June, 9, Text{Ja: "皇太子徳仁親王の結婚の儀", En: "Wedding of Crown Prince Naruhito"}},
	{2019, time.May, 1, Text{Ja: "天皇の即位の日", En: "Enthronement Day"}},
	{2019, time.October, 22, Text{Ja: "即位礼正殿の儀の行われる日", En: "Enthronement Ceremony Day"}},
}

// Holidays returns the public holidays of the year in date order.
func Holidays(year int) []Holiday {
	if hs, ok := holidayCache()[year]; ok {
		return slices.Clone(hs)
	}
	return computeHolidays(year)
}

// IsHoliday reports whether d is a public holiday. It is the calendar's hot
// path (deadlines and runs walk day by day), so the cached years are also
// kept as a bitset of days.
func IsHoliday(d Date) bool {
	b := holidayBits()
	i := int(d.n) - int(b.first.n)
	if i < 0 || i >= len(b.bits)*64 {
		_, ok := HolidayOn(d)
		return ok
	}
	return b.bits[i/64]&(1<<(i%64)) != 0
}

type holidayBitset struct {
	first Date
	bits  []uint64
}

var holidayBits = sync.OnceValue(func() holidayBitset {
	b := holidayBitset{first: NewDate(1948, time.January, 1)}
	b.bits = make([]uint64, (NewDate(2151, time.January, 1).Sub(b.first)+63)/64)
	for _, hs := range holidayCache() {
		for _, h := range hs {
			i := h.Date.Sub(b.first)
			b.bits[i/64] |= 1 << (i % 64)
		}
	}
	return b
})

// HolidayOn returns the public holiday on d, if d is one.
func HolidayOn(d Date) (Holiday, bool) {
	hs, ok := holidayCache()[d.Year()]
	if !ok {
		hs = computeHolidays(d.Year())
	}
	for _, h := range hs {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// holidayCache holds the years anyone will evaluate; other years are computed
// on demand (and no caller should meet them).
var holidayCache = sync.OnceValue(func() map[int][]Holiday {
	m := make(map[int][]Holiday, 2151-1948)
	for y := 1948; y <= 2150; y++ {
		m[y] = computeHolidays(y)
	}
	return m
})

func computeHolidays(y int) []Holiday {
	if y < 1948 {
		return nil // the Act on National Holidays dates from July 1948
	}
	var hs []Holiday
	add := func(m time.Month, d int, name Text) { hs = append(hs, Holiday{NewDate(y, m, d), name}) }
	addDate := func(d Date, name Text) { hs = append(hs, Holiday{d, name}) }

	add(time.January, 1, nameNewYear)
	switch {
	case y >= 2000:
		addDate(nthWeekday(y, time.January, time.Monday, 2), nameComingOfAge)
	default:
		add(time.January, 15, nameComingOfAge)
	}
	if y >= 1967 {
		add(time.February, 11, nameFoundation)
	}
	switch {
	case y >= 2020:
		add(time.February, 23, nameEmperor)
	case y >= 1989 && y <= 2018:
		add(time.December, 23, nameEmperor)
	case y <= 1988:
		add(time.April, 29, nameEmperor)
	}
	add(time.March, vernalEquinox(y), nameVernal)
	switch {
	case y >= 2007:
		add(time.April, 29, nameShowa)
	case y >= 1989:
		add(time.April, 29, nameGreenery)
	}
	add(time.May, 3, nameConstitution)
	if y >= 2007 {
		add(time.May, 4, nameGreenery)
	}
	add(time.May, 5, nameChildren)
	switch {
	case y == 2020:
		add(time.July, 23, nameMarine)
	case y == 2021:
		add(time.July, 22, nameMarine)
	case y >= 2003:
		addDate(nthWeekday(y, time.July, time.Monday, 3), nameMarine)
	case y >= 1996:
		add(time.July, 20, nameMarine)
	}
	switch {
	case y == 2020:
		add(time.August, 10, nameMountain)
	case y == 2021:
		add(time.August, 8, nameMountain)
	case y >= 2016:
		add(time.August, 11, nameMountain)
	}
	switch {
	case y >= 2003:
		addDate(nthWeekday(y, time.September, time.Monday, 3), nameAged)
	case y >= 1966:
		add(time.September, 15, nameAged)
	}
	add(time.September, autumnalEquinox(y), nameAutumnal)
	switch {
	case y == 2020:
		add(time.July, 24, nameSports)
	case y == 2021:
		add(time.July, 23, nameSports)
	case y >= 2020:
		addDate(nthWeekday(y, time.October, time.Monday, 2), nameSports)
	case y >= 2000:
		addDate(nthWeekday(y, time.October, time.Monday, 2), nameHealthSports)
	case y >= 1966:
		add(time.October, 10, nameHealthSports)
	}
	add(time.November, 3, nameCulture)
	add(time.November, 23, nameLabour)
	for _, o := range oneOffHolidays {
		if o.y == y {
			add(o.m, o.d, o.name)
		}
	}
	slices.SortFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })

	isNational := func(d Date) bool {
		for _, h := range hs {
			if h.Date == d {
				return true
			}
		}
		return false
	}
	national := slices.Clone(hs)
	var extra []Holiday

	// 国民の休日 (from 1986): a day that is not itself a holiday, with a
	// national holiday the day before and the day after. Before 2007 the Act
	// left Sundays out.
	if y >= 1986 {
		for i := 0; i+1 < len(national); i++ {
			a, b := national[i].Date, national[i+1].Date
			if b.Sub(a) != 2 {
				continue
			}
			mid := a.AddDays(1)
			if isNational(mid) || (y < 2007 && mid.Weekday() == time.Sunday) {
				continue
			}
			extra = append(extra, Holiday{mid, nameCitizens})
		}
	}

	// 振替休日 (from 12 April 1973): a national holiday on a Sunday moves the
	// rest day to the next day; since 2007 to the nearest following day that
	// is not a national holiday (so 2025-05-06 for Sunday 4 May).
	for _, h := range national {
		if h.Date.Weekday() != time.Sunday || h.Date.Before(NewDate(1973, time.April, 12)) {
			continue
		}
		next := h.Date.AddDays(1)
		if y >= 2007 {
			for isNational(next) {
				next = next.AddDays(1)
			}
		} else if isNational(next) {
			continue
		}
		if !slices.ContainsFunc(extra, func(e Holiday) bool { return e.Date == next }) {
			extra = append(extra, Holiday{next, nameSubstitute})
		}
	}
	hs = append(hs, extra...)
	slices.SortFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// nthWeekday returns the n-th given weekday of the month (Happy Monday rules).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) Date {
	first := NewDate(y, m, 1)
	shift := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDays(shift + 7*(n-1))
}

// The equinox days follow the approximation published with the National
// Astronomical Observatory's tables, valid 1900–2150:
// day = floor(C + 0.242194 × (Y − 1980)) − floor((Y − B) / 4).
// Integers in millionths keep it exact and free of float rounding.

func vernalEquinox(y int) int {
	switch {
	case y <= 1979:
		return equinox(y, 20835700, 1983)
	case y <= 2099:
		return equinox(y, 20843100, 1980)
	}
	return equinox(y, 21851000, 1980)
}

func autumnalEquinox(y int) int {
	switch {
	case y <= 1979:
		return equinox(y, 23258800, 1983)
	case y <= 2099:
		return equinox(y, 23248800, 1980)
	}
	return equinox(y, 24248800, 1980)
}

func equinox(y int, c int64, base int) int {
	yy := int64(y)
	return int(floorDiv(c+242194*(yy-1980), 1000000) - floorDiv(yy-int64(base), 4))
}
