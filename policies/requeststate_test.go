package policies

import "testing"

func TestRequestTransitions(t *testing.T) {
	cases := []struct {
		from   RequestState
		action RequestAction
		to     RequestState
		ok     bool
	}{
		{StatePending, ActApprove, StateApproved, true},
		{StatePending, ActReject, StateRejected, true},
		{StatePending, ActReturn, StateReturned, true},
		{StatePending, ActWithdraw, StateWithdrawn, true},
		{StatePending, ActCancel, "", false},
		{StatePending, ActResubmit, "", false},
		{StateReturned, ActResubmit, StatePending, true},
		{StateReturned, ActWithdraw, StateWithdrawn, true},
		{StateReturned, ActApprove, "", false},
		{StateApproved, ActCancel, StateCancelled, true},
		{StateApproved, ActWithdraw, "", false},
		{StateApproved, ActApprove, "", false},
		{StateRejected, ActApprove, "", false},
		{StateRejected, ActResubmit, "", false},
		{StateWithdrawn, ActResubmit, "", false},
		{StateCancelled, ActCancel, "", false},
	}
	for _, c := range cases {
		to, ok := Transition(c.from, c.action)
		if to != c.to || ok != c.ok {
			t.Errorf("%s --%s--> got (%q, %v), want (%q, %v)", c.from, c.action, to, ok, c.to, c.ok)
		}
	}
	for state, want := range map[RequestState]bool{StatePending: true, StateApproved: true, StateReturned: false, StateRejected: false, StateWithdrawn: false, StateCancelled: false} {
		if Counts(state) != want {
			t.Errorf("Counts(%s) = %v", state, !want)
		}
	}
	if !CanCancelBefore(NewDate(2026, 12, 1), NewDate(2026, 12, 2)) || CanCancelBefore(NewDate(2026, 12, 2), NewDate(2026, 12, 2)) {
		t.Error("cancellation is possible only before the first day")
	}
}

func TestStepDone(t *testing.T) {
	cases := []struct {
		mode                Mode
		approved, approvers int
		want                bool
	}{
		{AnyOf, 1, 3, true}, {AnyOf, 0, 3, false}, {AllOf, 2, 3, false}, {AllOf, 3, 3, true}, {AllOf, 1, 1, true},
	}
	for _, c := range cases {
		if got := StepDone(c.mode, c.approved, c.approvers); got != c.want {
			t.Errorf("StepDone(%s, %d, %d) = %v", c.mode, c.approved, c.approvers, got)
		}
	}
}
