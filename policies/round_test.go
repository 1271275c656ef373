package policies

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// round reads tasks written "step approver mode state", e.g. "0 a any P":
// states P pending, W waiting, A approved, S skipped.
func round(tasks ...string) []RoundTask {
	states := map[string]TaskState{"P": TaskPending, "W": TaskWaiting, "A": TaskApproved, "S": TaskSkipped}
	modes := map[string]Mode{"any": AnyOf, "all": AllOf}
	out := make([]RoundTask, len(tasks))
	for i, t := range tasks {
		var step int
		var who, mode, state string
		if _, err := fmt.Sscan(t, &step, &who, &mode, &state); err != nil {
			panic(t)
		}
		out[i] = RoundTask{Step: step, Approver: who, Mode: modes[mode], State: states[state]}
	}
	return out
}

// letters writes states as one letter each: P W A S C(ancelled) R(ejected) T (returned).
func letters(ss []TaskState) string {
	short := map[TaskState]string{TaskPending: "P", TaskWaiting: "W", TaskApproved: "A", TaskSkipped: "S",
		TaskCancelled: "C", TaskRejected: "R", TaskReturned: "T"}
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(short[s])
	}
	return b.String()
}

func TestDecideRound(t *testing.T) {
	tests := []struct {
		name     string
		round    []RoundTask
		i        int
		action   RequestAction
		separate bool
		states   string // after
		request  RequestState
		decided  []int
		skipped  []int
		promoted []int
	}{
		// any_of
		{name: "any-of: one approval completes the step, the next becomes pending",
			round: round("0 a any P", "0 b any P", "1 c any W"), i: 0, action: ActApprove,
			states: "ACP", request: StatePending, decided: []int{0}, promoted: []int{2}},
		{name: "any-of: the last step approves the request",
			round: round("0 a any A", "1 c any P", "1 d any P"), i: 2, action: ActApprove,
			states: "ACA", request: StateApproved, decided: []int{2}},
		// all_of (合議)
		{name: "合議: the first of two approvals waits for the other",
			round: round("0 a all P", "0 b all P", "1 c any W"), i: 0, action: ActApprove,
			states: "APW", request: StatePending, decided: []int{0}},
		{name: "合議: the second approval completes the step",
			round: round("0 a all A", "0 b all P", "1 c any W"), i: 1, action: ActApprove,
			states: "AAP", request: StatePending, decided: []int{1}, promoted: []int{2}},
		{name: "合議 as the last step approves the request once complete",
			round: round("0 a any A", "1 b all A", "1 c all P"), i: 2, action: ActApprove,
			states: "AAA", request: StateApproved, decided: []int{2}},
		// 引き上げ
		{name: "引き上げ: a later step decided first skips the earlier",
			round: round("0 a any P", "1 b any W", "2 c any W"), i: 1, action: ActApprove,
			states: "SAP", request: StatePending, decided: []int{1}, skipped: []int{0}, promoted: []int{2}},
		{name: "引き上げ by the last step approves the request",
			round: round("0 a any P", "1 b any W"), i: 1, action: ActApprove,
			states: "SA", request: StateApproved, decided: []int{1}, skipped: []int{0}},
		{name: "a skipped member does not hold a 合議 step",
			round: round("0 a any S", "1 b all P", "1 c all S", "2 d any W"), i: 1, action: ActApprove,
			states: "SASP", request: StatePending, decided: []int{1}, promoted: []int{3}},
		// 同一承認者の自動承認
		{name: "同一承認者: 課長 on 係長確認 and 所属長承認 approves once",
			round: round("0 k any P", "1 k any W"), i: 0, action: ActApprove,
			states: "AA", request: StateApproved, decided: []int{0, 1}},
		{name: "同一承認者 turned off: each step asks again",
			round: round("0 k any P", "1 k any W"), i: 0, action: ActApprove, separate: true,
			states: "AP", request: StatePending, decided: []int{0}, promoted: []int{1}},
		{name: "同一承認者 over three steps, then another person",
			round: round("0 a any P", "1 a any W", "2 a any W", "3 b any W"), i: 0, action: ActApprove,
			states: "AAAP", request: StatePending, decided: []int{0, 1, 2}, promoted: []int{3}},
		{name: "同一承認者: an any-of peer of a carried step is closed",
			round: round("0 a any P", "0 x any P", "1 a any W", "1 b any W", "2 c any W"), i: 0, action: ActApprove,
			states: "ACACP", request: StatePending, decided: []int{0, 2}, promoted: []int{4}},
		{name: "同一承認者 into a 合議: the others of it are now asked",
			round: round("0 a any P", "0 x any P", "1 a all W", "1 c all W", "2 d any W"), i: 0, action: ActApprove,
			states: "ACAPW", request: StatePending, decided: []int{0, 2}, promoted: []int{3}},
		{name: "同一承認者 waits while the person's 合議 step is incomplete",
			round: round("0 a all P", "0 b all P", "1 a any W"), i: 0, action: ActApprove,
			states: "APW", request: StatePending, decided: []int{0}},
		{name: "同一承認者 after 引き上げ",
			round: round("0 x any P", "1 a any W", "2 a any W"), i: 1, action: ActApprove,
			states: "SAA", request: StateApproved, decided: []int{1, 2}, skipped: []int{0}},
		// reject and return
		{name: "reject ends the round",
			round: round("0 a all P", "0 b all P", "1 c any W"), i: 1, action: ActReject,
			states: "CRC", request: StateRejected, decided: []int{1}},
		{name: "return sends the request back and closes the round",
			round: round("0 a any A", "1 b any P", "1 c any P", "2 d any W"), i: 1, action: ActReturn,
			states: "ATCC", request: StateReturned, decided: []int{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.round)
			d := DecideRound(tc.round, tc.i, tc.action, !tc.separate)
			if got := letters(d.States); got != tc.states {
				t.Errorf("states %s, want %s", got, tc.states)
			}
			if d.Request != tc.request {
				t.Errorf("request %s, want %s", d.Request, tc.request)
			}
			for _, c := range []struct {
				what      string
				got, want []int
			}{{"decided", d.Decided, tc.decided}, {"skipped", d.Skipped, tc.skipped}, {"promoted", d.Promoted, tc.promoted}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s %v, want %v", c.what, c.got, c.want)
				}
			}
			if !slices.Equal(before, tc.round) {
				t.Error("DecideRound changed the round it was given")
			}
		})
	}
}
