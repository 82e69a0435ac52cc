#!/usr/bin/env bash
# Drives the real REPL in tmux as a person would — Chinese typing, cursor moves
# over Chinese characters, Tab completion, Ctrl-C, bracket continuation, history
# after a restart, Ctrl-D — and checks what the screen shows.
#
#   Tests/REPL/repl-check.sh PATH-TO-suanpan
# Prints "N passed, M failed"; exit 1 on any failure.
set -u
SP=$(readlink -f "${1:?usage: repl-check.sh PATH-TO-suanpan}")
command -v tmux >/dev/null || { echo "repl-check: tmux is not installed"; exit 1; }
STATE=$(mktemp -d)
S="suanpan-repl-$$"
pass=0; fail=0
trap 'tmux kill-session -t "$S" 2>/dev/null; tmux kill-session -t "$S-keep" 2>/dev/null; rm -rf "$STATE"' EXIT
# A session that outlives the checks: killing the REPL's session between checks must
# not stop the tmux server, or the next new-session can race its exit ("server exited
# unexpectedly").
tmux new-session -d -s "$S-keep" "sleep 3600"

start() {  # [STATE-FOLDER] [WIDTH]: the history's folder, $STATE unless given; 100 columns unless given
  tmux kill-session -t "$S" 2>/dev/null
  # The banner names the bundled dataset once it has loaded.
  local tries
  for tries in 1 2 3; do
    tmux new-session -d -s "$S" -x "${2:-100}" -y 30 \
      "export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=${1:-$STATE} NO_COLOR=1; $SP; echo \"[exit \$?]\"; sleep 30" && break
    sleep 0.5
  done
  wait_for '算盘> '
}
screen() { tmux capture-pane -p -t "$S"; }
# Waits until the screen contains TEXT (up to 5 s).
wait_for() { for _ in $(seq 100); do screen | grep -qF -- "$1" && return 0; sleep 0.05; done; return 1; }
type() { tmux send-keys -t "$S" -l -- "$1"; sleep 0.1; }
key() { for k in "$@"; do tmux send-keys -t "$S" "$k"; sleep 0.08; done; }
# The line the cursor is on, trailing spaces removed.
current() { local y; y=$(tmux display -p -t "$S" '#{cursor_y}'); screen | sed -n "$((y + 1))p" | sed 's/[[:space:]]*$//'; }
check() {  # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}
check_current() {  # NAME EXPECTED: the cursor's line, waited for up to 5 s (a loaded machine is slow)
  local got="" i
  for i in $(seq 50); do got=$(current 2>/dev/null); [ "$got" = "$2" ] && break; sleep 0.1; done
  check "$1" "$2" "$got"
}
check_screen() {  # NAME TEXT
  if wait_for "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: screen lacks '$2'"; screen | grep -v '^$' | tail -6; fi
}

start
type '执行率(4357.64, 4367.764)'; key Enter
check_screen "Chinese input evaluates" '99.77%'
type '2×（1－16%）'; key Enter
check_screen "full-width input" '1.68'

type '执行率'; key Left Left; type 'X'
check "insert between Chinese characters" '算盘> 执X行率' "$(current)"
check "cursor column after X (prompt 6 + 2 + 1)" '9' "$(tmux display -p -t "$S" '#{cursor_x}')"
key Right BSpace
check "backspace deletes a whole Chinese character" '算盘> 执X率' "$(current)"
key End C-u
type '占'; key Tab
check "Tab completes a built-in" '算盘> 占比' "$(current)"
key C-u; type '1+增'; key Tab
check "Tab after an operator" '算盘> 1+增长率' "$(current)"
key C-u; type '我的预算 = 4367.764'; key Enter; type '我'; key Tab
check "Tab completes a user name" '算盘> 我的预算' "$(current)"
key C-u; type '项目.调整'; key Tab
check "Tab completes a column after ." '算盘> 项目.调整后预算数' "$(current)"
key C-u; type '1+zxl'; key Tab
check "Tab completes by pinyin initials" '算盘> 1+执行率' "$(current)"
key C-u; type '项目.tzhyss'; key Tab
check "pinyin initials after ." '算盘> 项目.调整后预算数' "$(current)"
key C-u; type '项目["一码'; key Tab
check "Tab completes a row key inside [\"" '算盘> 项目["一码通城' "$(current)"
key C-u; type ':show 支出'; key Tab
check "Tab after :show completes a table" '算盘> :show 支出决算表' "$(current)"
key C-u; type ':show 项目 项目名称 总'; key Tab
check "and then its columns" '算盘> :show 项目 项目名称 总分' "$(current)"
key C-u; type '项目["运维"].全年执行数'; key Enter
check_screen "a cell of the bundled dataset" '4,357.64'

key C-u; type '1 + 2 + abandoned'; key C-c
wait_for '算盘> '
check "Ctrl-C abandons the line" '算盘>' "$(current)"
type '占比(1858.67,'; key Enter
check_screen "open bracket continues" '  …>'
type '9016.08)'; key Enter
check_screen "continued input evaluates" '20.62%'
type '1 +'; key Enter
check_screen "errors keep the session" '错误：'
type '得分率(4.83, 6)'; key Enter
check_screen "after an error" '80.50%'
key C-l; type 'chart 支出决算表.类.本年支出合计'; key Enter
check_screen "chart draws block bars on a terminal" '201 一般公共服务支出    ████'
key C-l; type 'chart bnsrjsjgt'; key Tab
check_current "Tab completes a figure's name by pinyin initials" '算盘> chart 本年收入决算结构图'
key Enter
check_screen "a figure of the report, under its title" '本年收入决算结构图（合计 9,017.39）'
check_screen "parts that are 0 are listed, not drawn" '（为 0 的 4 项未画：'
key C-l; type 'chart 收支决算总计变动情况图'; key Enter
check_screen "a before/after pair with its change" '+125.88  +1.35%'
key C-l; type ':tour'; key Enter
check_screen "the tour starts" '【第 1/9 步】'
key C-l; key Enter
check_screen "Enter goes on to the next step" '【第 2/9 步】'
key C-l; type ':tour stop'; key Enter
check_screen "the tour ends" '教程已结束'
type 'fn 翻倍(n) = if n <= 0 then 1 else 翻倍(n - 1) + 翻倍(n - 1)'; key Enter
type 'z = 7'; key Enter
type 'z = 翻倍(60)'; key Enter; sleep 1; key C-c
check_screen "Ctrl-C interrupts a long evaluation" '已中断（Ctrl-C）'
key C-l; type 'z * 111'; key Enter
check_screen "the session is intact after the interrupt" '777'
type ':limits table 10000000'; key Enter
type 'table 项目["运维"].总分 for 项目["运维"].调整后预算数 in 1..9000000 step 1'; key Enter; sleep 1; key C-c
check_screen "Ctrl-C stops a huge table" '已中断（Ctrl-C）'
key C-l; type '得分率(4.83, 6)'; key Enter
check_screen "and the REPL goes on" '80.50%'
key C-d
check_screen "Ctrl-D leaves with status 0" '[exit 0]'

start
key Up
check_current "history survives a restart" '算盘> 得分率(4.83, 6)'
key Up
check_current "older history" '算盘> table 项目["运维"].总分 for 项目["运维"].调整后预算数 in 1..9000000 step 1'
key C-d
wait_for '[exit 0]'

# A history file that is not one: kept aside, a warning, an empty history.
printf 'not a history\n' > "$STATE/suanpan/history"
start
check_screen "a damaged history file is reported" '格式不对（可能已损坏），已原样保存为'
key Up
check_current "and the REPL starts with an empty history" '算盘>'
key C-d
wait_for '[exit 0]'
check "the damaged file is kept" 'not a history' "$(cat "$STATE"/suanpan/history.损坏-* 2>/dev/null)"

# A state folder that cannot hold a history (a file stands in its place).
printf 'x' > "$STATE/blocked"
start "$STATE/blocked"
type '1 + 1'; key Enter
check_screen "an unwritable history is reported once" '警告：无法写入历史文件'
check_screen "and the input still runs" '2'
key C-d
check_screen "and the REPL leaves normally" '[exit 0]'

# A result longer than the screen goes through the pager (less), and q comes back.
start
type ':show 说明 全部'; key Enter
check_current "a long result is paged" ':'
key q
check_current "q leaves the pager for the prompt" '算盘>'
type '1 + 1'; key Enter
check_screen "and the REPL goes on" '2'
# On a terminal a sum says over how many rows, a count of how many.
type 'sum(项目.总分)'; key Enter
check_screen "a sum says how many rows" '1,094.87（12 行）'
type 'count(项目[等级 == "优"])'; key Enter
check_screen "a count says of how many" '11（共 12 行中）'
key C-d
wait_for '[exit 0]'

# Tables fit the terminal: at 80 and 120 columns no line is wider than the window (lines
# joined where tmux wrapped them; the banner aside), and the columns left out are named.
for w in 80 120; do
  start "$STATE" "$w"
  type ':show 项目'; key Enter
  check_screen "a wide table at $w columns names the columns left out" '终端宽度所限'
  widest=$(tmux capture-pane -p -J -S - -t "$S" | grep -v '^算盘 [0-9]' | python3 -c '
import sys, unicodedata
print(max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.rstrip("\n")) for line in sys.stdin))')
  check "a wide table fits $w columns" "yes" "$([ "$widest" -le "$w" ] && echo yes || echo "no: $widest")"
  type '项目[总分 < 100][项目名称, 总分]'; key Enter
  check_screen "chosen columns at $w columns" 'SJ04      市大数据局政务信息化运维项目   99.98'
  # Amounts in 元 are wider: the table still fits, the unit in its headers.
  type ':unit 元'; key Enter
  type ':show 项目'; key Enter
  check_screen "amounts in 元 at $w columns" '43,677,640'
  widest=$(tmux capture-pane -p -J -S - -t "$S" | grep -v '^算盘 [0-9]' | python3 -c '
import sys, unicodedata
print(max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.rstrip("\n")) for line in sys.stdin))')
  check "a table in 元 fits $w columns" "yes" "$([ "$widest" -le "$w" ] && echo yes || echo "no: $widest")"
  key C-d
  wait_for '[exit 0]'
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
