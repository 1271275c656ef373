package policies

// Request states of a telework request.
const (
	StatePending   = "pending"
	StateApproved  = "approved"
	StateRejected  = "rejected"
	StateReturned  = "returned" // 差し戻し: back with the employee to edit and resubmit
	StateWithdrawn = "withdrawn"
	StateCancelled = "cancelled"
)

// Request actions.
const (
	ActApprove  = "approve"
	ActReject   = "reject"
	ActReturn   = "return"
	ActWithdraw = "withdraw"
	ActCancel   = "cancel"
	ActResubmit = "resubmit"
	ActSubmit   = "submit"
)

// transitions lists every legal move; anything else is refused with the
// current state.
var transitions = map[string]map[string]string{
	StatePending:  {ActApprove: StateApproved, ActReject: StateRejected, ActReturn: StateReturned, ActWithdraw: StateWithdrawn},
	StateReturned: {ActResubmit: StatePending, ActWithdraw: StateWithdrawn},
	StateApproved: {ActCancel: StateCancelled},
}

// Transition returns the state an action leads to from a state, and whether
// the action is allowed there.
func Transition(from, action string) (string, bool) {
	to, ok := transitions[from][action]
	return to, ok
}

// Counts reports whether a request in the state counts against limits and
// attendance bands: pending and approved ones do.
func Counts(state string) bool { return state == StatePending || state == StateApproved }

// CanCancelBefore reports whether an approved request can still be
// cancelled today: only before its first day.
func CanCancelBefore(today, firstDay Date) bool { return today.Before(firstDay) }

// RoundTask is one task of an approval round as the round's rules see it.
type RoundTask struct {
	Step     int    // the step's index in the route
	Approver string // the person the task is for
	Mode     Mode   // the step's mode
	Approved bool
	Open     bool // pending or waiting: still to be decided
	Skipped  bool // closed by 引き上げ: not counted among the step's approvers
}

// SameApproverCarries returns the tasks (indexes into round) that the
// approval of round[i] also completes under 同一承認者の自動承認: when the
// step it completes is followed by a step whose approvers include the same
// person, that person is not asked twice; their task there is approved too,
// and so on while consecutive steps keep completing and naming them. A step
// that still waits for others (合議) stops the chain: the person's next
// approval is asked for once the others have decided.
func SameApproverCarries(round []RoundTask, i int) []int {
	approved := map[int]bool{i: true}
	var out []int
	for cur := i; ; {
		step := round[cur].Step
		n, of := 0, 0
		next := -1
		for j, t := range round {
			if t.Step == step && !t.Skipped {
				of++
				if t.Approved || approved[j] {
					n++
				}
			}
			if t.Step > step && (next < 0 || t.Step < next) {
				next = t.Step
			}
		}
		if next < 0 || !StepDone(round[cur].Mode, n, of) {
			return out
		}
		carried := -1
		for j, t := range round {
			if t.Step == next && t.Open && t.Approver == round[i].Approver && !approved[j] {
				carried = j
				break
			}
		}
		if carried < 0 {
			return out
		}
		approved[carried] = true
		out = append(out, carried)
		cur = carried
	}
}

// StepDone reports whether a route step is complete once approved by
// approved of its approvers: any_of needs one, all_of (合議) every one.
func StepDone(mode Mode, approved, approvers int) bool {
	if mode == AllOf {
		return approved >= approvers
	}
	return approved >= 1
}
