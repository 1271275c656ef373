package policies

import "testing"

func TestLedgerEntry(t *testing.T) {
	home := &ApprovedTelework{RequestID: "r1", Unit: UnitFull, Place: "home"}
	booth := &SatelliteStay{OfficeID: "o1", Minutes: 120}
	tests := []struct {
		name string
		f    WorkDayFacts
		want WorkDay
		ok   bool
	}{
		{"nothing recorded: a planned office day", WorkDayFacts{}, WorkDay{}, false},
		{"a full day's leave comes first", WorkDayFacts{Leave: UnitFull, Telework: home, Satellite: booth}, WorkDay{Location: LocationLeave, Portion: UnitFull}, true},
		{"approved telework where the request says", WorkDayFacts{Telework: home}, WorkDay{Location: LocationHome, Portion: UnitFull, RequestID: "r1"}, true},
		{"telework at a satellite office names it", WorkDayFacts{Telework: &ApprovedTelework{RequestID: "r2", Unit: UnitPM, Place: "satellite", OfficeID: "o1"}},
			WorkDay{Location: LocationSatellite, Portion: UnitPM, OfficeID: "o1", RequestID: "r2"}, true},
		{"telework by the hour keeps its minutes", WorkDayFacts{Telework: &ApprovedTelework{RequestID: "r3", Unit: UnitHours, Minutes: 90, Place: "elsewhere"}},
			WorkDay{Location: LocationElsewhere, Portion: UnitHours, Minutes: 90, RequestID: "r3"}, true},
		{"telework over a morning's leave", WorkDayFacts{Leave: UnitAM, Telework: &ApprovedTelework{RequestID: "r4", Unit: UnitPM, Place: "home"}},
			WorkDay{Location: LocationHome, Portion: UnitPM, RequestID: "r4"}, true},
		{"a morning's leave", WorkDayFacts{Leave: UnitAM, Satellite: booth}, WorkDay{Location: LocationLeave, Portion: UnitAM}, true},
		{"a satellite booking without a request", WorkDayFacts{Satellite: booth}, WorkDay{Location: LocationSatellite, Portion: UnitHours, Minutes: 120, OfficeID: "o1"}, true},
		{"a checked-in satellite booking is actual", WorkDayFacts{Satellite: &SatelliteStay{OfficeID: "o1", Minutes: 120, CheckedIn: true}},
			WorkDay{Location: LocationSatellite, Portion: UnitHours, Minutes: 120, OfficeID: "o1", Actual: true}, true},
		{"approved satellite telework checked in is actual", WorkDayFacts{Telework: &ApprovedTelework{RequestID: "r5", Unit: UnitFull, Place: "satellite", OfficeID: "o1"},
			Satellite: &SatelliteStay{OfficeID: "o1", Minutes: 480, CheckedIn: true}},
			WorkDay{Location: LocationSatellite, Portion: UnitFull, OfficeID: "o1", RequestID: "r5", Actual: true}, true},
		{"a check-in does not make home telework actual", WorkDayFacts{Telework: home, OfficeCheckIn: true},
			WorkDay{Location: LocationHome, Portion: UnitFull, RequestID: "r1"}, true},
		{"a check-in at a main building records an actual office day", WorkDayFacts{OfficeCheckIn: true},
			WorkDay{Location: LocationOffice, Portion: UnitFull, Actual: true}, true},
		{"a satellite stay comes before a main-building check-in", WorkDayFacts{Satellite: booth, OfficeCheckIn: true},
			WorkDay{Location: LocationSatellite, Portion: UnitHours, Minutes: 120, OfficeID: "o1"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := LedgerEntry(tc.f)
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
