package policies

// RequestState is the state of a telework request.
type RequestState string

// Request states of a telework request.
const (
	StatePending   RequestState = "pending"
	StateApproved  RequestState = "approved"
	StateRejected  RequestState = "rejected"
	StateReturned  RequestState = "returned" // 差し戻し: back with the employee to edit and resubmit
	StateWithdrawn RequestState = "withdrawn"
	StateCancelled RequestState = "cancelled"
)

// RequestAction is what someone does to a telework request.
type RequestAction string

// Request actions.
const (
	ActApprove  RequestAction = "approve"
	ActReject   RequestAction = "reject"
	ActReturn   RequestAction = "return"
	ActWithdraw RequestAction = "withdraw"
	ActCancel   RequestAction = "cancel"
	ActResubmit RequestAction = "resubmit"
	ActSubmit   RequestAction = "submit"
)

// transitions lists every legal move; anything else is refused with the
// current state.
var transitions = map[RequestState]map[RequestAction]RequestState{
	StatePending:  {ActApprove: StateApproved, ActReject: StateRejected, ActReturn: StateReturned, ActWithdraw: StateWithdrawn},
	StateReturned: {ActResubmit: StatePending, ActWithdraw: StateWithdrawn},
	StateApproved: {ActCancel: StateCancelled},
}

// Transition returns the state an action leads to from a state, and whether
// the action is allowed there.
func Transition(from RequestState, action RequestAction) (RequestState, bool) {
	to, ok := transitions[from][action]
	return to, ok
}

// Counts reports whether a request in the state counts against limits and
// attendance bands: pending and approved ones do.
func Counts(state RequestState) bool { return state == StatePending || state == StateApproved }

// CanCancelBefore reports whether an approved request can still be
// cancelled today: only before its first day.
func CanCancelBefore(today, firstDay Date) bool { return today.Before(firstDay) }

// StepDone reports whether a route step is complete once approved by
// approved of its approvers: any_of needs one, all_of (合議) every one.
func StepDone(mode Mode, approved, approvers int) bool {
	if mode == AllOf {
		return approved >= approvers
	}
	return approved >= 1
}
