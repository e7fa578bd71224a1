package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// walkThrough is the story the README shows.
func (d *demo) walkThrough() error {
	if err := d.importCompanies(); err != nil {
		return err
	}
	step("%s plan and apply: the integration, two product mappings and the customer mappings", d.name())
	plan, code, err := d.tf.quiet("plan", "-input=false", "-no-color", "-out=tfplan")
	if err != nil || code != 0 {
		fmt.Print(plan)
		return fmt.Errorf("%s plan failed (exit code %d): %w", d.name(), code, err)
	}
	for _, line := range strings.Split(plan, "\n") {
		if strings.HasPrefix(line, "  # ") || strings.HasPrefix(line, "Plan: ") {
			fmt.Println(line)
		}
	}
	if err := d.tf.must("apply", "-input=false", "-no-color", "tfplan"); err != nil {
		return err
	}

	step("A second plan changes nothing; the reconciliation check lists what the sync will bill")
	out, err := d.tf.planEmpty()
	if err != nil {
		return err
	}
	if !strings.Contains(out, "Check block assertion failed") {
		return errors.New("before the first sync the billing check should list pending changes")
	}

	if err := d.resolveConflicts(); err != nil {
		return err
	}
	if err := d.sync(); err != nil {
		return err
	}
	d.printAdditions()

	step("Plan after the sync: nothing to change and billing in sync (no check warning)")
	if out, err = d.tf.planEmpty(); err != nil {
		return err
	}
	if strings.Contains(out, "Check block assertion failed") {
		return errors.New("after the sync the billing check should pass")
	}

	edited, err := d.handEdit()
	if err != nil {
		return err
	}
	step("Plan after the hand edit: the check names the customer, the SKU and old → new")
	if out, err = d.tf.planEmpty(); err != nil {
		return err
	}
	if !strings.Contains(out, edited) {
		return fmt.Errorf("the plan should warn about %q", edited)
	}

	if err := d.cancelAgreement(); err != nil {
		return err
	}

	c := d.sim.Sim.Counters()
	step("Simulator: %d requests, %d writes, %d resets (status codes %v)", c.Total, c.Writes, c.Resets, c.ByStatus)
	step("Demo finished")
	return nil
}

// resolveConflicts does what the conflict warning asks of a person: where an agreement has
// several active additions for one product, keep the first and cancel the others.
func (d *demo) resolveConflicts() error {
	type key struct {
		agreement int
		item      string
	}
	seen := map[key]bool{}
	for _, a := range d.additions() {
		k := key{a.agreement, a.item}
		if a.status != "Active" {
			continue
		}
		if !seen[k] {
			seen[k] = true
			continue
		}
		step("A person resolves the conflict: cancels duplicate addition %d (%s, %s) in ConnectWise", a.id, a.company, a.item)
		if err := d.adminPatch(fmt.Sprintf("/store/additions/%d", a.id), `{"cancelledDate": "2026-01-31T00:00:00Z"}`); err != nil {
			return err
		}
	}
	return nil
}

func (d *demo) adminPatch(path, body string) error {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPatch, d.sim.AdminURL+path, bytes.NewBufferString(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("admin endpoint %s answered %s", path, resp.Status)
	}
	return nil
}

// handEdit lowers one synced addition's quantity through the simulator's admin endpoint,
// as a person editing it in the ConnectWise UI would, and returns the text the drift
// warning must contain.
func (d *demo) handEdit() (string, error) {
	target, ok := d.syncedAddition("NL-CORE-USER") // core-license's catalog item in examples/complete
	if !ok {
		return "", errors.New("no synced core-license addition to edit")
	}
	to := target.quantity - 2
	step("A person edits addition %d in ConnectWise: %s core-license quantity %g → %g", target.id, target.company, target.quantity, to)
	if err := d.adminPatch(fmt.Sprintf("/store/additions/%d", target.id), fmt.Sprintf(`{"quantity": %g}`, to)); err != nil {
		return "", err
	}
	return fmt.Sprintf("core-license: quantity %g → %g", to, target.quantity), nil
}
