package policies

import (
	"slices"
	"testing"
)

func TestRequestTransitions(t *testing.T) {
	cases := []struct {
		from, action, to string
		ok               bool
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
	for state, want := range map[string]bool{StatePending: true, StateApproved: true, StateReturned: false, StateRejected: false, StateWithdrawn: false, StateCancelled: false} {
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

func TestSameApproverCarries(t *testing.T) {
	task := func(step int, who string, mode Mode) RoundTask {
		return RoundTask{Step: step, Approver: who, Mode: mode, Open: true}
	}
	done := func(rt RoundTask) RoundTask { rt.Approved, rt.Open = true, false; return rt }
	skipped := func(rt RoundTask) RoundTask { rt.Skipped, rt.Open = true, false; return rt }
	tests := []struct {
		name  string
		round []RoundTask
		i     int
		want  []int
	}{
		{"課長 on 係長確認 and 所属長承認", []RoundTask{task(0, "kacho", AnyOf), task(1, "kacho", AnyOf)}, 0, []int{1}},
		{"three steps in a row", []RoundTask{task(0, "a", AnyOf), task(1, "a", AnyOf), task(2, "a", AnyOf)}, 0, []int{1, 2}},
		{"another person next", []RoundTask{task(0, "a", AnyOf), task(1, "b", AnyOf)}, 0, nil},
		{"the chain stops at another person", []RoundTask{task(0, "a", AnyOf), task(1, "b", AnyOf), task(2, "a", AnyOf)}, 0, nil},
		{"any-of next step where the person is one of two", []RoundTask{task(0, "a", AnyOf), task(1, "a", AnyOf), task(1, "b", AnyOf)}, 0, []int{1}},
		{"合議 still waiting for another member", []RoundTask{task(0, "a", AllOf), task(0, "b", AllOf), task(1, "a", AnyOf)}, 0, nil},
		{"合議 completed by this approval", []RoundTask{task(0, "a", AllOf), done(task(0, "b", AllOf)), task(1, "a", AnyOf)}, 0, []int{2}},
		{"next step a 合議 with the person: their part only, others still asked", []RoundTask{task(0, "a", AnyOf), task(1, "a", AllOf), task(1, "b", AllOf), task(2, "a", AnyOf)}, 0, []int{1}},
		{"a skipped member does not hold the step", []RoundTask{task(0, "a", AllOf), skipped(task(0, "b", AllOf)), task(1, "a", AnyOf)}, 0, []int{2}},
		{"the last step: nothing after", []RoundTask{done(task(0, "b", AnyOf)), task(1, "a", AnyOf)}, 1, nil},
		{"an approval by 引き上げ on a later step carries on", []RoundTask{skipped(task(0, "b", AnyOf)), task(1, "a", AnyOf), task(2, "a", AnyOf)}, 1, []int{2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			round := slices.Clone(tc.round)
			round[tc.i].Approved, round[tc.i].Open = true, false
			if got := SameApproverCarries(round, tc.i); !slices.Equal(got, tc.want) {
				t.Errorf("carries %v, want %v", got, tc.want)
			}
		})
	}
}
