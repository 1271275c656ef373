package policies

// RetentionCutoff is the first day whose data must still be kept on today:
// data last used before it is past its retention (retention.personal_data_years
// whole fiscal years after the fiscal year of its last use) and is purged.
// With 5 years, data last used in fiscal 2020 (to 31 March 2021) is kept
// through fiscal 2025 and purged from 1 April 2026.
func RetentionCutoff(today Date, years int) Date {
	fy := today.FiscalYearStart()
	return NewDate(fy.Year()-years, fy.Month(), 1)
}

// PastRetention tells whether data last used on lastUse is purged on today.
func PastRetention(lastUse, today Date, years int) bool {
	return lastUse.Before(RetentionCutoff(today, years))
}
