package services

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/policies"
)

// OfficeDays lists the organisation's office days from one date to another,
// as the ledger and the reports count them (the policy in force, the national
// holidays and the organisation's own closing days). Bulk loaders such as
// `kinmuchi gen-demo` place leave and telework on these days only.
func (s *Ledger) OfficeDays(ctx context.Context, orgID string, from, to policies.Date) ([]policies.Date, error) {
	cal, err := s.orgCalendar(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	var out []policies.Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c := cal.On(d); c == nil || c.IsOfficeDay(d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// errDryRun undoes a Verify's transaction.
var errDryRun = errors.New("dry run")

// Verify derives the employees' entries from one date to another as the
// write path would and reports those that differ from the stored ledger,
// changing nothing: a rebuild of a sample, for data that was loaded in bulk
// rather than through the use cases.
func (s *Ledger) Verify(ctx context.Context, orgID string, employeeIDs []string, from, to policies.Date) ([]Repair, error) {
	var days []string
	for d := from; !d.After(to); d = d.AddDays(1) {
		days = append(days, d.String())
	}
	var out []Repair
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, id := range employeeIDs {
			changed, err := s.refreshWorkDays(ctx, tx, orgID, id, days)
			if err != nil {
				return err
			}
			for _, d := range changed {
				out = append(out, Repair{Organization: orgID, EmployeeNumber: id, Day: d})
			}
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return out, err
}
