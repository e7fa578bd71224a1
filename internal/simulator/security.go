package simulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"unicode"
)

// moduleFunction is one row of a ConnectWise security role, named as the UI shows it.
type moduleFunction struct {
	moduleID, moduleName, functionID, functionName string
}

func (f moduleFunction) key() string { return f.moduleName + "/" + f.functionName }

// spelled applies variant security-ids to the identifiers: the spelling a real site
// uses is unconfirmed (API-NOTES.md), and the UI names never change.
func (f moduleFunction) spelled(variant string) moduleFunction {
	switch variant {
	case "underscored": // Companies/Company_Maintenance, Procurement/Product_Catalog
		f.moduleID, f.functionID = underscored(f.moduleName), underscored(f.functionName)
	case "names-only":
		f.moduleID, f.functionID = "", ""
	}
	return f
}

// underscored turns a UI name into an identifier: words joined by "_", other
// characters dropped ("Time & Expense" -> "Time_Expense").
func underscored(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, "_")
}

// integrationFunctions are the functions the API routes need (DESIGN.md's table).
var integrationFunctions = []moduleFunction{
	{"Company", "Companies", "CompanyMaintenance", "Company Maintenance"},
	{"Finance", "Finance", "Agreements", "Agreements"},
	{"Procurement", "Procurement", "ProductCatalog", "Product Catalog"},
	{"System", "System", "TableSetup", "Table Setup"},
}

// otherFunctions make /system/mySecurity look like a real role: more rows than the
// integration cares about, which a client must skip by name.
var otherFunctions = []moduleFunction{
	{"Company", "Companies", "Contacts", "Contacts"},
	{"Finance", "Finance", "Invoicing", "Invoicing"},
	{"Service", "Service Desk", "ServiceTickets", "Service Tickets"},
	{"TimeExpense", "Time & Expense", "TimeEntry", "Time Entry"},
	{"System", "System", "MyCompany", "My Company"},
}

// levelsFor returns a function's levels: all "All" without a role, "None" when absent,
// and "None" for anything that is not a known level.
func levelsFor(role Role, key string) Levels {
	if role == nil {
		return Levels{"All", "All", "All", "All"}
	}
	l := role[key]
	return Levels{normLevel(l.Inquire), normLevel(l.Add), normLevel(l.Edit), normLevel(l.Delete)}
}

func normLevel(l string) string {
	for _, v := range []string{"All", "My", "None"} {
		if strings.EqualFold(l, v) {
			return v
		}
	}
	return "None"
}

// authorize answers 403 unless the role grants the route's function at level All for the
// method's action. Whether My grants access is unconfirmed: by default it does not
// (variant level-my=grants lets it).
func (s *Simulator) authorize(rt *route, method string) *apiResponse {
	if rt.perm == "" {
		return nil
	}
	l := levelsFor(s.currentRole(), rt.perm)
	action, level := "Inquire", l.Inquire
	switch method {
	case http.MethodPost:
		action, level = "Add", l.Add
	case http.MethodPut, http.MethodPatch:
		action, level = "Edit", l.Edit
	case http.MethodDelete:
		action, level = "Delete", l.Delete
	}
	if level == "All" || (level == "My" && s.variant(VariantLevelMy) == "grants") {
		return nil
	}
	module, function, _ := strings.Cut(rt.perm, "/")
	return apiError(http.StatusForbidden, "Forbidden",
		"You do not have access to this resource: %s › %s: %s Level must be All (it is %s).",
		module, function, action, level)
}

// mySecurityRows builds /system/mySecurity for the current role.
func (s *Simulator) mySecurityRows() []map[string]any {
	role := s.currentRole()
	funcs := append(append([]moduleFunction{}, integrationFunctions...), otherFunctions...)
	seen := map[string]bool{}
	for _, f := range funcs {
		seen[f.key()] = true
	}
	var extra []string
	for k := range role {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		module, function, _ := strings.Cut(k, "/")
		funcs = append(funcs, moduleFunction{strings.ReplaceAll(module, " ", ""), module, strings.ReplaceAll(function, " ", ""), function})
	}
	spelling := s.variant(VariantSecurityIDs)
	if spelling == "absent" {
		funcs = funcs[len(integrationFunctions):]
	}
	rows := make([]map[string]any, 0, len(funcs))
	for i, f := range funcs {
		l := levelsFor(role, f.key())
		f = f.spelled(spelling)
		rows = append(rows, map[string]any{
			"id":                        float64(i + 1),
			"moduleIdentifier":          f.moduleID,
			"moduleName":                f.moduleName,
			"moduleDescription":         f.moduleName,
			"moduleFunctionIdentifier":  f.functionID,
			"moduleFunctionName":        f.functionName,
			"moduleFunctionDescription": fmt.Sprintf("%s: %s", f.moduleName, f.functionName),
			"inquireLevel":              l.Inquire,
			"addLevel":                  l.Add,
			"editLevel":                 l.Edit,
			"deleteLevel":               l.Delete,
			"myAllFlag":                 l.Inquire == "My" || l.Add == "My" || l.Edit == "My" || l.Delete == "My",
			"reportFlag":                false,
			"restrictFlag":              false,
			"customFlag":                false,
			"sortOrder":                 float64(i + 1),
		})
	}
	return rows
}
