package policies

// TaskState is the state of one approval task.
type TaskState string

// The states of an approval task. A round starts with its first step
// pending and the others waiting.
const (
	TaskWaiting   TaskState = "waiting" // a later step, not yet the approver's turn
	TaskPending   TaskState = "pending" // the approver's turn
	TaskApproved  TaskState = "approved"
	TaskRejected  TaskState = "rejected"
	TaskReturned  TaskState = "returned"
	TaskSkipped   TaskState = "skipped"   // closed by 引き上げ承認: a later step decided first
	TaskCancelled TaskState = "cancelled" // closed because the round ended without it
)

// Open reports whether the task is still to be decided.
func (s TaskState) Open() bool { return s == TaskPending || s == TaskWaiting }

// RoundTask is one task of an approval round as the round's rules see it.
type RoundTask struct {
	Step     int    // the step's index in the route
	Approver string // the person the task is for
	Mode     Mode   // the step's mode
	State    TaskState
}

// RoundDecision is what one decision does to a round.
type RoundDecision struct {
	// States is the new state of every task of the round, by index.
	States []TaskState
	// Decided are the tasks the approver decided: the one they acted on,
	// then those it carried (同一承認者の自動承認), in step order.
	Decided []int
	// Skipped are the earlier steps' tasks closed by 引き上げ; their
	// approvers are told.
	Skipped []int
	// Promoted are the next step's tasks that became pending; their
	// approvers are asked.
	Promoted []int
	// Request is the request's state after the decision: StatePending while
	// steps remain, else approved, rejected or returned.
	Request RequestState
}

// DecideRound applies an approver's action (approve, reject or return) on
// round[i], an open task, and returns what changes. It is the approval
// round's state machine:
//   - approve: open tasks of earlier steps are skipped (引き上げ承認); when the
//     step is done (StepDone: any_of one approval, all_of every one) and the
//     next step also names the same person, their task there is approved too
//     unless sameApproverOnce is off (同一承認者の自動承認), and so on; once
//     the last approved step is done, the other open tasks of it and of the
//     steps before are cancelled and the next step's tasks become pending,
//     or, with no step left, the request is approved;
//   - reject or return: the task is decided, every other open task is
//     cancelled, and the request is rejected or returned (a return to an
//     earlier step then starts a new round: the caller's part).
func DecideRound(round []RoundTask, i int, action RequestAction, sameApproverOnce bool) RoundDecision {
	d := RoundDecision{States: make([]TaskState, len(round)), Decided: []int{i}, Request: StatePending}
	for j, t := range round {
		d.States[j] = t.State
	}
	closeOpen := func(keep func(int) bool) {
		for j := range round {
			if d.States[j].Open() && !keep(j) {
				d.States[j] = TaskCancelled
			}
		}
	}
	switch action {
	case ActReject, ActReturn:
		d.States[i] = TaskRejected
		d.Request = StateRejected
		if action == ActReturn {
			d.States[i], d.Request = TaskReturned, StateReturned
		}
		closeOpen(func(int) bool { return false })
		return d
	case ActApprove:
	default:
		panic("policies: DecideRound takes approve, reject or return, not " + string(action))
	}
	for j, t := range round {
		if t.Step < round[i].Step && t.State.Open() {
			d.States[j] = TaskSkipped
			d.Skipped = append(d.Skipped, j)
		}
	}
	d.States[i] = TaskApproved
	last := i
	for {
		done, next := stepDone(round, d.States, last)
		if !done {
			// 合議: the step still waits for others. Reached by carrying, it
			// is now the current step.
			if last != i {
				d.moveTo(round, round[last].Step)
			}
			return d
		}
		if next < 0 {
			closeOpen(func(int) bool { return false })
			d.Request = StateApproved
			return d
		}
		carried := -1
		if sameApproverOnce {
			for j, t := range round {
				if t.Step == next && d.States[j].Open() && t.Approver == round[i].Approver {
					carried = j
					break
				}
			}
		}
		if carried < 0 {
			d.moveTo(round, next)
			return d
		}
		d.States[carried] = TaskApproved
		d.Decided = append(d.Decided, carried)
		last = carried
	}
}

// moveTo makes step the round's current one: open tasks of the steps before
// it are cancelled (their step is done without them), its waiting tasks
// become pending.
func (d *RoundDecision) moveTo(round []RoundTask, step int) {
	for j, t := range round {
		switch {
		case t.Step < step && d.States[j].Open():
			d.States[j] = TaskCancelled
		case t.Step == step && d.States[j] == TaskWaiting:
			d.States[j] = TaskPending
			d.Promoted = append(d.Promoted, j)
		}
	}
}

// stepDone tells whether the step of round[k] is complete in the given
// states (skipped tasks do not hold it), and which step comes next (-1:
// none).
func stepDone(round []RoundTask, states []TaskState, k int) (bool, int) {
	step := round[k].Step
	approved, of, next := 0, 0, -1
	for j, t := range round {
		if t.Step == step && states[j] != TaskSkipped {
			of++
			if states[j] == TaskApproved {
				approved++
			}
		}
		if t.Step > step && (next < 0 || t.Step < next) {
			next = t.Step
		}
	}
	return StepDone(round[k].Mode, approved, of), next
}
