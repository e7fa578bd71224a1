package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"gopkg.in/yaml.v3"
)

// The CI pipelines in examples/pipelines parse, and hold the steps the guide promises: the
// hourly and the month-end schedule, a plan in pull (merge) requests, an apply of the
// mappings, the Terraform >= 1.14 pin, the provider's installation, one state with a lock
// shared by every job, credentials from CI secrets as CONNECTWISE_* (never a Terraform
// variable), the invoked actions declared in the module they run, and the run reports
// kept. `terraform validate` of that module, with each CI's backend.tf, is
// TestAccExamplesValidate.
const pipelinesDir = "../../examples/pipelines"

func readYAML(t *testing.T, name string) (map[string]any, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(pipelinesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc, string(b)
}

// moduleActions are the action names and report paths of the module the pipelines run.
func moduleActions(t *testing.T) (names, reports []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(pipelinesDir, "terraform", "sync.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`action "connectwise_sync_usage" "([a-z_]+)"`).FindAllStringSubmatch(string(b), -1) {
		names = append(names, m[1])
	}
	for _, m := range regexp.MustCompile(`report_path\s*=\s*"([^"]+)"`).FindAllStringSubmatch(string(b), -1) {
		reports = append(reports, m[1])
	}
	if len(names) < 3 || len(reports) != len(names) {
		t.Fatalf("sync.tf: actions %v, reports %v", names, reports)
	}
	return names, reports
}

func atLeast114(t *testing.T, where, v string) {
	t.Helper()
	got, err := version.NewVersion(v)
	if err != nil || got.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Errorf("%s pins Terraform %q: want an exact version >= 1.14", where, v)
	}
}

func m(v any) map[string]any { out, _ := v.(map[string]any); return out }

func yamlList(v any) []any { out, _ := v.([]any); return out }

// noSecretVariables: credentials reach the provider as CONNECTWISE_* environment variables.
func noSecretVariables(t *testing.T, name, text string) {
	t.Helper()
	if strings.Contains(text, "TF_VAR_") || strings.Contains(text, "-var") {
		t.Errorf("%s passes Terraform variables: saved plans would keep their values in cleartext", name)
	}
}

func checkInvocations(t *testing.T, name, text string, actions []string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`-invoke="?action\.connectwise_sync_usage\.([a-z_]+)`).FindAllStringSubmatch(text, -1) {
		if !strings.Contains(strings.Join(actions, " "), m[1]) {
			t.Errorf("%s invokes action %q, which terraform/sync.tf does not declare (%v)", name, m[1], actions)
		}
	}
}

// reportsKept: every report_path of the module matches an artifact path of the pipeline.
func reportsKept(t *testing.T, name string, globs, reports []string) {
	t.Helper()
	for _, r := range reports {
		kept := false
		for _, g := range globs {
			if ok, _ := filepath.Match(g, "terraform/"+r); ok {
				kept = true
			}
		}
		if !kept {
			t.Errorf("%s keeps no artifact matching terraform/%s (artifacts: %v)", name, r, globs)
		}
	}
}

func TestPipelineExamplesGitHubActions(t *testing.T) {
	actions, reports := moduleActions(t)
	var artifacts []string
	var all strings.Builder
	groups := map[string]bool{}
	for _, name := range []string{"github-actions/terraform.yml", "github-actions/billing-sync.yml"} {
		doc, text := readYAML(t, name)
		all.WriteString(text)
		noSecretVariables(t, name, text)
		checkInvocations(t, name, text, actions)
		groups[m(doc["concurrency"])["group"].(string)] = true
		checkWorkflowCredentials(t, name, m(doc["env"]))
		for jobName, job := range m(doc["jobs"]) {
			var runs strings.Builder
			pinned := false
			for _, s := range yamlList(m(job)["steps"]) {
				step := m(s)
				if uses, _ := step["uses"].(string); strings.HasPrefix(uses, "hashicorp/setup-terraform@") {
					pinned = true
					atLeast114(t, name+" job "+jobName, m(step["with"])["terraform_version"].(string))
				}
				if uses, _ := step["uses"].(string); strings.HasPrefix(uses, "actions/upload-artifact@") {
					if step["if"] != "always()" {
						t.Errorf("%s job %s: keep the report even when the run fails (if: always())", name, jobName)
					}
					artifacts = append(artifacts, m(step["with"])["path"].(string))
				}
				if r, ok := step["run"].(string); ok {
					runs.WriteString(r + "\n")
				}
			}
			if !pinned || !strings.Contains(runs.String(), "terraform init -lockfile=readonly") {
				t.Errorf("%s job %s: want setup-terraform pinned and the provider installed (init -lockfile=readonly)", name, jobName)
			}
			if strings.Contains(runs.String(), "terraform apply") && !strings.Contains(runs.String(), "-lock-timeout=") {
				t.Errorf("%s job %s: applies should wait for the state lock (-lock-timeout)", name, jobName)
			}
		}
	}
	// GitHub cancels an older pending run of a group: sharing one group across workflows
	// could drop the month-end run, so each workflow has its own and the month-end run is
	// keyed apart from the hourly one; the state lock orders them.
	if len(groups) != 2 {
		t.Errorf("each workflow needs a concurrency group of its own: %v", groups)
	}
	for g := range groups {
		if strings.HasPrefix(g, "billing-sync") && !strings.Contains(g, "github.event.schedule") {
			t.Errorf("the month-end run must not share a pending slot with the hourly run: group %q", g)
		}
	}
	reportsKept(t, "github-actions", artifacts, reports)

	sync, _ := readYAML(t, "github-actions/billing-sync.yml")
	// yaml.v3 reads the key `on` as the string "on".
	var crons []string
	for _, s := range yamlList(m(sync["on"])["schedule"]) {
		crons = append(crons, m(s)["cron"].(string))
	}
	if !hasCron(crons, `^\d+ \* \* \* \*$`) || !hasCron(crons, `^\d+ \d+ 1 \* \*$`) {
		t.Errorf("billing-sync.yml wants an hourly and a 1st-of-month schedule, has %v", crons)
	}
	mappings, _ := readYAML(t, "github-actions/terraform.yml")
	if m(mappings["on"])["pull_request"] == nil || !strings.Contains(all.String(), "terraform plan") ||
		!strings.Contains(all.String(), "-invoke=action.connectwise_sync_usage.preview") {
		t.Error("terraform.yml wants a plan on pull requests and a preview after apply")
	}
	backend, err := os.ReadFile(filepath.Join(pipelinesDir, "github-actions", "backend.tf"))
	if err != nil || !strings.Contains(string(backend), "cloud {") {
		t.Errorf("github-actions/backend.tf should declare the state backend: %v", err)
	}
}

func hasCron(crons []string, pattern string) bool {
	for _, c := range crons {
		if regexp.MustCompile(pattern).MatchString(c) {
			return true
		}
	}
	return false
}

func TestPipelineExamplesGitLabCI(t *testing.T) {
	actions, reports := moduleActions(t)
	doc, text := readYAML(t, "gitlab-ci/.gitlab-ci.yml")
	noSecretVariables(t, ".gitlab-ci.yml", text)
	checkInvocations(t, ".gitlab-ci.yml", text, actions)
	image := m(doc["image"])["name"].(string)
	atLeast114(t, ".gitlab-ci.yml image", strings.TrimPrefix(image, "hashicorp/terraform:"))
	vars := m(doc["variables"])
	for _, v := range []string{"TF_HTTP_ADDRESS", "TF_HTTP_LOCK_ADDRESS", "TF_HTTP_UNLOCK_ADDRESS", "TF_HTTP_PASSWORD"} {
		if vars[v] == nil {
			t.Errorf(".gitlab-ci.yml: the state backend needs %s", v)
		}
	}
	base := m(doc[".terraform"])
	if !strings.Contains(strings.Join(toStrings(yamlList(base["before_script"])), "\n"), "terraform init -lockfile=readonly") || base["resource_group"] == nil {
		t.Error(".terraform: want the provider installed (init -lockfile=readonly) and one resource_group for the state")
	}
	var artifacts []string
	for name, want := range map[string][]string{
		"plan":  {"merge_request_event", "terraform plan"},
		"apply": {"CI_DEFAULT_BRANCH", "terraform apply -lock-timeout=10m -auto-approve\n", "connectwise_sync_usage.preview"},
		"sync":  {"schedule", "-invoke=action.connectwise_sync_usage.${SYNC_ACTION}"},
	} {
		job := m(doc[name])
		if job == nil || job["extends"] != ".terraform" {
			t.Errorf("job %s missing or not extending .terraform", name)
			continue
		}
		b, _ := yaml.Marshal(job)
		got := string(b) + strings.Join(toStrings(yamlList(job["script"])), "\n") + "\n"
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("job %s lacks %q", name, w)
			}
		}
		if a := m(job["artifacts"]); a != nil {
			if a["when"] != "always" {
				t.Errorf("job %s: keep the report even when the run fails (when: always)", name)
			}
			artifacts = append(artifacts, toStrings(yamlList(a["paths"]))...)
		}
	}
	reportsKept(t, "gitlab-ci", artifacts, reports)
	for _, schedule := range []string{`"7 * * * *"`, `"30 0 1 * *"`, "SYNC_ACTION=hourly", "SYNC_ACTION=month_end"} {
		if !strings.Contains(text, schedule) {
			t.Errorf(".gitlab-ci.yml should document the schedule %s", schedule)
		}
	}
	backend, err := os.ReadFile(filepath.Join(pipelinesDir, "gitlab-ci", "backend.tf"))
	if err != nil || !strings.Contains(string(backend), `backend "http"`) {
		t.Errorf("gitlab-ci/backend.tf should declare the http backend: %v", err)
	}
}

func toStrings(in []any) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

// The OpenTofu pipeline (examples/pipelines/opentofu): OpenTofu applies the mappings
// (opentofu.yml, mappings/), and Terraform >= 1.14 runs the sync (billing-sync.yml, sync/) on
// what the OpenTofu state holds, handed over by `tofu output -json sync_mappings`. The
// workflows parse, the mappings workflow never runs Terraform or an action, the sync
// workflow reads the mappings from the OpenTofu state before it invokes, invokes only
// actions sync/sync.tf declares, keeps their reports and takes credentials from secrets.
// TestAccOpenTofuPipeline runs both modules against a simulator.
func TestPipelineExamplesOpenTofu(t *testing.T) {
	sync, err := os.ReadFile(filepath.Join(pipelinesDir, "opentofu", "sync", "sync.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var actions, reports []string
	for _, m := range regexp.MustCompile(`action "connectwise_sync_usage" "([a-z_]+)"`).FindAllStringSubmatch(string(sync), -1) {
		actions = append(actions, m[1])
	}
	for _, m := range regexp.MustCompile(`report_path\s*=\s*"([^"]+)"`).FindAllStringSubmatch(string(sync), -1) {
		reports = append(reports, m[1])
	}
	if len(actions) < 3 || len(reports) != len(actions) || !strings.Contains(string(sync), `file("${path.module}/mappings.json")`) {
		t.Fatalf("opentofu/sync/sync.tf: actions %v, reports %v, or it does not read mappings.json", actions, reports)
	}
	outputs, err := os.ReadFile(filepath.Join(pipelinesDir, "opentofu", "mappings", "outputs.tf"))
	if err != nil || !strings.Contains(string(outputs), `output "sync_mappings"`) {
		t.Fatalf("opentofu/mappings/outputs.tf should declare the hand-over output sync_mappings: %v", err)
	}
	if mappings, _ := filepath.Glob(filepath.Join(pipelinesDir, "opentofu", "*", "mappings.json")); len(mappings) > 0 {
		t.Errorf("%v: the hand-over is written by the job from the state, never committed (a stale copy would bill the wrong customers)", mappings)
	}
	const handover = "tofu -chdir=mappings output -json sync_mappings > sync/mappings.json"
	// The hand-over carries exactly the attributes the action reads of each customer and
	// product, in the pipeline and in examples/complete.
	complete, err := os.ReadFile(filepath.Join(pipelinesDir, "..", "complete", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"opentofu/mappings/outputs.tf": string(outputs), "complete/main.tf": string(complete)} {
		checkSyncAttributeLists(t, name, text)
	}

	groups := map[string]bool{}
	for _, name := range []string{"opentofu.yml", "billing-sync.yml"} {
		doc, text := readYAML(t, filepath.Join("opentofu", "github-actions", name))
		noSecretVariables(t, name, text)
		groups[m(doc["concurrency"])["group"].(string)] = true
		checkWorkflowCredentials(t, name, m(doc["env"]))
		for jobName, job := range m(doc["jobs"]) {
			var runs strings.Builder
			var tofuPinned, terraformPinned bool
			var artifacts []string
			for _, s := range yamlList(m(job)["steps"]) {
				step := m(s)
				uses, _ := step["uses"].(string)
				switch {
				case strings.HasPrefix(uses, "opentofu/setup-opentofu@"):
					tofuPinned = regexp.MustCompile(`^1\.\d+\.\d+$`).MatchString(m(step["with"])["tofu_version"].(string))
				case strings.HasPrefix(uses, "hashicorp/setup-terraform@"):
					terraformPinned = true
					atLeast114(t, name+" job "+jobName, m(step["with"])["terraform_version"].(string))
				case strings.HasPrefix(uses, "actions/upload-artifact@"):
					if step["if"] != "always()" {
						t.Errorf("%s job %s: keep the report even when the run fails (if: always())", name, jobName)
					}
					artifacts = append(artifacts, m(step["with"])["path"].(string))
				}
				if r, ok := step["run"].(string); ok {
					runs.WriteString(r + "\n")
				}
			}
			script := runs.String()
			if !tofuPinned || !strings.Contains(script, "tofu -chdir=mappings init -lockfile=readonly") {
				t.Errorf("%s job %s: want OpenTofu pinned to an exact version and the provider installed (init -lockfile=readonly)", name, jobName)
			}
			if strings.Contains(script, "tofu -chdir=mappings apply") && !strings.Contains(script, "-lock-timeout=") {
				t.Errorf("%s job %s: applies should wait for the state lock (-lock-timeout)", name, jobName)
			}
			switch name {
			case "opentofu.yml":
				if terraformPinned || strings.Contains(script, "terraform ") || strings.Contains(script, "-invoke") {
					t.Errorf("%s job %s: the mappings are OpenTofu's alone; the sync is billing-sync.yml", name, jobName)
				}
			case "billing-sync.yml":
				read, invoke := strings.Index(script, handover), strings.Index(script, "terraform -chdir=sync apply")
				if !terraformPinned || read < 0 || invoke < read || !strings.Contains(script, "terraform -chdir=sync init -lockfile=readonly") {
					t.Errorf("%s job %s: want Terraform pinned, the hand-over (%s) before the invocation, and the provider installed", name, jobName, handover)
				}
				for _, m := range regexp.MustCompile(`-invoke="?action\.connectwise_sync_usage\.\$?([a-z_]+)`).FindAllStringSubmatch(script, -1) {
					if m[1] != "action" && !slices.Contains(actions, m[1]) {
						t.Errorf("%s invokes action %q, which opentofu/sync/sync.tf does not declare (%v)", name, m[1], actions)
					}
				}
				for _, r := range reports {
					kept := false
					for _, g := range artifacts {
						if ok, _ := filepath.Match(g, "sync/"+r); ok {
							kept = true
						}
					}
					if !kept {
						t.Errorf("%s keeps no artifact matching sync/%s (artifacts: %v)", name, r, artifacts)
					}
				}
			}
		}
	}
	if len(groups) != 2 {
		t.Errorf("each workflow needs a concurrency group of its own: %v", groups)
	}
	sched, _ := readYAML(t, filepath.Join("opentofu", "github-actions", "billing-sync.yml"))
	var crons []string
	for _, s := range yamlList(m(sched["on"])["schedule"]) {
		crons = append(crons, m(s)["cron"].(string))
	}
	if !hasCron(crons, `^\d+ \* \* \* \*$`) || !hasCron(crons, `^\d+ \d+ 1 \* \*$`) {
		t.Errorf("billing-sync.yml wants an hourly and a 1st-of-month schedule, has %v", crons)
	}
	for _, v := range yamlList(m(m(m(m(sched["on"])["workflow_dispatch"])["inputs"])["action"])["options"]) {
		if !slices.Contains(actions, v.(string)) {
			t.Errorf("billing-sync.yml offers action %v, which opentofu/sync/sync.tf does not declare", v)
		}
	}
}

// checkWorkflowCredentials fails unless a workflow's env sets every provider setting and
// takes the private key from a secret.
func checkWorkflowCredentials(t *testing.T, name string, env map[string]any) {
	t.Helper()
	for _, v := range []string{"CONNECTWISE_SITE_URL", "CONNECTWISE_COMPANY_ID", "CONNECTWISE_CLIENT_ID", "CONNECTWISE_PUBLIC_KEY", "CONNECTWISE_PRIVATE_KEY"} {
		if env[v] == nil {
			t.Errorf("%s: env lacks %s", name, v)
		}
	}
	if key, _ := env["CONNECTWISE_PRIVATE_KEY"].(string); !strings.Contains(key, "secrets.") {
		t.Errorf("%s: the private key must come from a secret", name)
	}
}

// checkSyncAttributeLists fails unless text's sync_customer_attributes and
// sync_product_attributes list exactly the attributes the action reads of each customer and
// product: the hand-over (output sync_mappings) carries those and no other.
func checkSyncAttributeLists(t *testing.T, name, text string) {
	t.Helper()
	for _, input := range syncInputSpec {
		if input.kind != inputObjectList {
			continue
		}
		var want []string
		for _, a := range input.nested {
			want = append(want, a.name)
		}
		list := regexp.MustCompile(`(?s)sync_` + strings.TrimSuffix(input.name, "s") + `_attributes = \[(.*?)\]`).FindStringSubmatch(text)
		var got []string
		if list != nil {
			for _, q := range regexp.MustCompile(`"([a-z_]+)"`).FindAllStringSubmatch(list[1], -1) {
				got = append(got, q[1])
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: sync_%s_attributes = %v, want the action's %s attributes %v", name, strings.TrimSuffix(input.name, "s"), got, input.name, want)
		}
	}
}
