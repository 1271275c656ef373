package services

import (
	"context"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Seats held for a remote day: where the policy says that work at a
// satellite office needs an approved telework request, a booking there is
// tied to the person's request at that office covering the day, tentative
// while it is pending, and follows it (confirmed on approval, released on
// rejection, withdrawal or cancellation).

// hold applies the seat-hold rule to a booking about to be stored: it ties
// the booking to its request and marks it tentative, or refuses it. Only a
// booking at a satellite office under a policy that asks for a request
// costs a query.
func (s *Bookings) hold(ctx context.Context, tx *gorm.DB, o *models.Office, b *models.Booking) error {
	b.Tentative, b.RequestID = false, nil
	if o.Kind == models.OfficeMainBuilding {
		return nil
	}
	day := policies.DateOf(b.StartAt.In(loadLocation(o.TimeZone)))
	set, _, err := s.policies.set(ctx, tx, b.OrganizationID)
	if err != nil {
		return err
	}
	p := set.InForce(day)
	if p == nil || !p.SatelliteNeedsRequest() {
		return nil
	}
	r, err := models.TeleworkRequests{}.SatelliteRequestOn(ctx, tx, b.OrganizationID, b.EmployeeID, o.ID, day.String())
	if err != nil {
		return err
	}
	var sr *policies.SatelliteRequest
	if r != nil {
		sr = &policies.SatelliteRequest{ID: r.ID, State: r.Status}
	}
	outcome, why := policies.HoldSeat(true, true, day, sr)
	switch outcome {
	case policies.SeatRefused:
		return bookingRefusal([]policies.BookingViolation{*why})
	case policies.SeatTentative:
		b.Tentative, b.RequestID = true, &r.ID
	case policies.SeatConfirmed:
		b.RequestID = &r.ID
	}
	return nil
}

// settleHeldSeats makes a request's seats follow its new state, in the
// state change's transaction and before its ledger days are derived again:
// approval confirms them; rejection, withdrawal and cancellation release
// them, and the person is told.
func (b *base) settleHeldSeats(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) error {
	var release bool
	switch r.Status {
	case policies.StateApproved:
	case policies.StateRejected, policies.StateWithdrawn, policies.StateCancelled:
		release = true
	case policies.StatePending, policies.StateReturned:
		return nil // still undecided: the seat stays held
	}
	bs, err := models.Bookings{}.OfRequest(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	now := b.now()
	system := &Actor{OrganizationID: r.OrganizationID}
	for i := range bs {
		bk := &bs[i]
		if !release && !bk.Tentative {
			continue
		}
		if release && !bk.EndAt.After(now) {
			continue // a stay that is over stays as it was
		}
		before := bookingAudit(bk)
		action := "booking.confirm_hold"
		bk.Tentative, bk.UpdatedAt = false, now
		if release {
			action = releaseAudit
			bk.Status, bk.CancelledAt = policies.BookingCancelled, &now
		}
		if err := (models.Bookings{}).Update(ctx, tx, bk); err != nil {
			return err
		}
		if err := b.audit.record(ctx, tx, system, auditEntry{Action: action, TargetType: "booking", TargetID: bk.ID, Before: before, After: bookingAudit(bk)}); err != nil {
			return err
		}
		if release {
			if err := b.tellBooker(ctx, tx, bk, NoticeBookingReleased); err != nil {
				return err
			}
		}
	}
	return nil
}

// HeldSeat is a seat booked for a request, as the request shows it.
type HeldSeat struct {
	BookingID  string
	OfficeName string
	SpaceName  string
	Booking    models.Booking
	Location   string
}

// heldSeats lists the requests' live seats, by request. Approvers see them
// too: which seat and when is no personal matter.
func (b *base) heldSeats(ctx context.Context, db *gorm.DB, requestIDs []string) (map[string][]HeldSeat, error) {
	bs, err := models.Bookings{}.OfRequests(ctx, db, requestIDs)
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	var officeIDs, spaceIDs []string
	for _, bk := range bs {
		officeIDs, spaceIDs = append(officeIDs, bk.OfficeID), append(spaceIDs, bk.SpaceID)
	}
	os, err := models.Offices{}.ByIDs(ctx, db, officeIDs)
	if err != nil {
		return nil, err
	}
	sps, err := models.Spaces{}.ByIDs(ctx, db, spaceIDs)
	if err != nil {
		return nil, err
	}
	out := map[string][]HeldSeat{}
	for _, bk := range bs {
		o := os[bk.OfficeID]
		out[*bk.RequestID] = append(out[*bk.RequestID], HeldSeat{BookingID: bk.ID, OfficeName: o.Name, SpaceName: sps[bk.SpaceID].Name, Booking: bk, Location: o.TimeZone})
	}
	return out, nil
}
