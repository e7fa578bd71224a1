package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

type addition struct {
	id, agreement  int
	company, item  string
	quantity       float64
	status, detail string
	enteredBy      string // _info.enteredBy: APIMember for what the sync created
}

// additions are the simulator's agreement additions with the names a person would look at.
func (d *demo) additions() []addition {
	st := d.sim.Sim.Store()
	names := map[int]string{}
	for _, a := range st.List("agreements") {
		if c, ok := a["company"].(map[string]any); ok {
			names[number(a["id"])] = fmt.Sprint(c["name"])
		}
	}
	items := map[int]string{}
	for _, i := range st.List("catalog") {
		items[number(i["id"])] = fmt.Sprint(i["identifier"])
	}
	var out []addition
	for _, a := range st.List("additions") {
		product, _ := a["product"].(map[string]any)
		q, _ := a["quantity"].(float64)
		status := fmt.Sprint(a["agreementStatus"])
		if cancelled, _ := a["cancelledDate"].(string); cancelled != "" && cancelled <= time.Now().UTC().Format(time.RFC3339) {
			status = "Cancelled" // the store keeps the raw record; the API derives the status
		}
		info, _ := a["_info"].(map[string]any)
		out = append(out, addition{
			id: number(a["id"]), agreement: number(a["agreementId"]), company: names[number(a["agreementId"])],
			item: items[number(product["id"])], quantity: q, status: status, detail: fmt.Sprint(a["description"]),
			enteredBy: fmt.Sprint(info["enteredBy"]),
		})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].agreement < out[j].agreement || out[i].agreement == out[j].agreement && out[i].id < out[j].id
	})
	return out
}

func (d *demo) printAdditions() {
	step("Agreement additions in the simulator")
	var b strings.Builder
	b.WriteString("agreement\tcompany\taddition\tproduct\tquantity\tstatus\tdescription\n")
	for _, a := range d.additions() {
		fmt.Fprintf(&b, "%d\t%s\t%d\t%s\t%g\t%s\t%s\n", a.agreement, a.company, a.id, a.item, a.quantity, a.status, a.detail)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	_, _ = w.Write([]byte(b.String()))
	_ = w.Flush()
}

// syncedAddition finds an active addition the sync created (through the API) for a
// catalog item. Its description is the item's customer-facing text, which names no SKU.
func (d *demo) syncedAddition(item string) (addition, bool) {
	for _, a := range d.additions() {
		if a.status == "Active" && a.item == item && a.enteredBy == "APIMember" {
			return a, true
		}
	}
	return addition{}, false
}

func number(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case float64:
		return int(n)
	}
	return 0
}
