package usagesync

import (
	"errors"
	"fmt"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// Once ConnectWise has refused the API keys, the API member or the clientId, the client
// sends nothing more (connectwise.RefusedEarlierError), and the customers the run had not
// reached yet are not attempted. They are failures, not skips: the run's error lists them,
// so nobody takes a silent run for a complete one, and the next run completes them.

// NotAttemptedError is a customer, or one change of it, that the run did not try because
// ConnectWise had refused the credentials earlier in the run. It matches
// connectwise.ErrUnauthorized.
type NotAttemptedError struct {
	Refused *connectwise.RefusedEarlierError
}

func (e *NotAttemptedError) Error() string { return "not attempted: " + e.Refused.Reason() }

func (e *NotAttemptedError) Unwrap() error { return e.Refused }

// notAttempted turns a read that was never sent, because the credentials had been refused,
// into a NotAttemptedError: nothing was written for its customer. Other errors stay.
func notAttempted(err error) error {
	var re *connectwise.RefusedEarlierError
	if errors.As(err, &re) {
		return &NotAttemptedError{Refused: re}
	}
	return err
}

// stopped is the NotAttemptedError for a change not started because the client has
// stopped, or nil while it still sends.
func stopped(c *connectwise.Client) error {
	if first := c.Refused(); first != nil {
		return &NotAttemptedError{Refused: &connectwise.RefusedEarlierError{First: first}}
	}
	return nil
}

// IsNotAttempted reports whether err (a Result.Failed entry) says the customer was not
// attempted at all because ConnectWise refused the credentials earlier in the run.
func IsNotAttempted(err error) bool {
	// Not errors.As: a customer whose tried change failed wraps that failure, and is failed,
	// not "not attempted", even when its other changes were held back.
	_, ok := err.(*NotAttemptedError) //nolint:errorlint // see above
	return ok
}

// sentError is what a failed batched read records for its IDs: the first error of a
// request that was sent, which says why, rather than the calls after it that the client
// held back.
func sentError(kept, err error) error {
	var re *connectwise.RefusedEarlierError
	if kept == nil || (errors.As(kept, &re) && !errors.As(err, &re)) {
		return err
	}
	return kept
}

// customerFailure is a customer's error from its lines' (idx): the first error of a change
// that was tried, and then whether the others were written or not attempted.
func customerFailure(lines []Outcome, idx []int) error {
	var tried, held error
	written := 0
	for _, i := range idx {
		switch err := lines[i].Err; {
		case err == nil:
			written++
		case IsNotAttempted(err):
			held = err
		case tried == nil:
			tried = err
		}
	}
	switch {
	case tried != nil && held != nil:
		// Only the tried change's error is wrapped: it is why the customer failed.
		return fmt.Errorf("%w; the other changes %v", tried, held) //nolint:errorlint // see above
	case tried != nil:
		return tried
	case held != nil && written > 0:
		return fmt.Errorf("partly synced, the other changes %w", held)
	}
	return held
}
