"""The command line: `--help` texts and the CLI's own messages: codes ``cli.*``."""
from __future__ import annotations

KO = {
    "description": "딥러닝 세션 과제 자동 채점: 과제 작성, 배포, 자가 점검, 채점, 보고서.",
    "course": "사용할 course.yml (기본: ./course.yml)",
    "inbox": "제출물이 있는 폴더, <inbox>/weekNN/… (기본: course.yml의 paths.inbox, 환경 변수 DEEPGRADE_INBOX)",
    "export": "보고서를 쓸 폴더, 예: 드라이브와 동기화되는 폴더 (기본: paths.export, 환경 변수 DEEPGRADE_EXPORT)",
    "roster": "명단 CSV (기본: course.yml의 paths.roster)",
    "state": "채점 결과 데이터베이스가 있는 로컬 상태 폴더 (기본: paths.state, .deepgrade/)",
    "validate": "설정과 모든 과제를 확인합니다 (정답은 만점, 뼈대는 만점이 아님, 뼈대가 최신인지)",
    "validate.weeks": "확인할 주차 (기본: 전부)",
    "validate.calibrate": "WEEK의 정답을 여러 시드로 채점해 기준값 테스트마다 가장 나쁜 측정값과 시간을 보여 줍니다",
    "validate.seeds": "--calibrate에 쓸 시드 수 (기본 20)",
    "stubgen": "solutions/에서 학생용 뼈대(.py, .ipynb)를 만듭니다",
    "stubgen.weeks": "주차 (기본: 전부)",
    "stubgen.check": "아무것도 쓰지 않고, 커밋된 뼈대가 오래되었으면 종료 코드 1",
    "release": "학생용 묶음 <export>/release/weekNN/과 zip을 만듭니다",
    "check": "학생 자가 점검: 내 파일로 공개 테스트를 실행합니다",
    "check.dir": ".py 파일이나 노트북이 있는 폴더 (기본: 현재 폴더)",
    "grade": "inbox를 모아 새 제출물을 채점하고 모든 보고서를 씁니다",
    "grade.week": "이 주차만 채점 (여러 번 가능; 기본: inbox에 폴더가 있는 모든 주차)",
    "grade.jobs": "동시에 채점할 제출물 수 (기본: CPU 수)",
    "grade.regrade": "같은 파일과 채점기로 저장된 결과가 있어도 선택한 주차의 모든 제출물을 다시 채점합니다 "
                     "(이전 결과는 기록에 남습니다)",
    "grade.allow_unisolated": "학생 코드를 격리할 수 없는 곳(사용자 네임스페이스 없음, macOS)에서도 채점합니다: "
                              "학생 코드가 내 파일을 읽고 네트워크를 쓸 수 있게 되며, 운영진 페이지에 그렇게 적힙니다",
    "grade.executor": "채점할 곳: local (이 컴퓨터에서 --jobs개 프로세스, 기본) 또는 dask "
                      "(Dask distributed 클러스터의 워커들, 워커마다 샌드박스 zygote 하나)",
    "grade.scheduler": "--executor dask에 쓸 Dask 스케줄러 주소, 예: tcp://10.0.0.5:8786",
    "grade.student": "이 학생만 채점 (여러 번 가능; --regrade와 함께면 다시 채점); 다른 학생은 그 주의 저장된 결과를 "
                     "그대로 쓰고, 이 학생의 결과를 출력합니다",
    "publish": "보고서 폴더를 course.yml의 publish.remote 드라이브 폴더로 복사합니다 (rclone; 바뀐 파일만)",
    "publish.remote": "올릴 rclone 리모트와 폴더 (기본: course.yml의 publish.remote)",
    "publish.dry_run": "보낼 파일과 지울 파일만 말하고 아무것도 바꾸지 않습니다",
    "report": "다시 채점하지 않고 저장된 결과로 모든 보고서를 다시 만듭니다",
    # errors of the command line itself
    "not_a_week": "주차 번호가 아닙니다: {text!r} (예: 1, 01, week01)",
    "not_whole": "정수가 아닙니다: {text!r} (예: 2)",
    "jobs_range": "{jobs}은(는) 범위를 벗어났습니다 (1부터 {most}까지: CPU당 최대 4개, 이 컴퓨터의 CPU는 {cpus}개)",
    "not_positive": "양의 정수가 아닙니다: {text!r}",
    "week_not_scheduled": "{week}주차는 일정에 없습니다 (가능한 주차: {weeks})",
    "week_no_assignment": "{week}주차에는 아직 과제가 없습니다 ({folder}/{assignment}/assignment.yml이 필요합니다; "
                          "과제가 있는 주차: {weeks})",
    "calibrate_one": "한 주차만 보정합니다; 다른 주차를 적지 마세요 (예: --calibrate 2)",
    "seeds_alone": "--calibrate WEEK와 함께만 씁니다 (예: --calibrate 2 --seeds 20)",
    "executor_scheduler": "--executor dask와 --scheduler ADDR는 함께 씁니다 (예: --executor dask --scheduler "
                          "tcp://10.0.0.5:8786)",
    "not_a_folder": "폴더가 아닙니다 (내 파일이 있는 폴더가 필요합니다)",
    "inbox_missing": "폴더가 없습니다 (week01/, week02/ … 가 든 폴더가 필요합니다; --inbox, DEEPGRADE_INBOX 또는 "
                     "course.yml의 paths.inbox로 정하세요)",
    "no_publish": "publish.remote가 없습니다 (course.yml에 `publish: {remote: \"gdrive:DeepSession/2022-1\"}` "
                  "같은 줄이나 --remote가 필요합니다)",
    "cannot_write": "쓸 수 없습니다 ({why}); 쓰기 가능한 폴더가 필요합니다",
    "stubs_attention": "뼈대 {n}개를 확인해야 합니다.",
    "stubgen_hint": " `deepgrade stubgen`으로 다시 만드세요.",
    "released": "배포 묶음을 썼습니다: {path}",
    "interrupted": "deepgrade: 중단했습니다. 지금까지 채점한 것은 모두 저장되어 있습니다.",
    "internal_error": "deepgrade: 내부 오류입니다 (입력이 아니라 deepgrade의 버그입니다). 위의 내용과 함께 알려 주세요.",
}

EN = {
    "description": "Autograded assignments for the Deep Session course: author, release, self-check, grade, report.",
    "course": "course.yml to use (default: ./course.yml)",
    "inbox": "folder with the uploads, <inbox>/weekNN/… (default: course.yml paths.inbox, env DEEPGRADE_INBOX)",
    "export": "folder the reports go to, e.g. the Drive-synced one (default: paths.export, env DEEPGRADE_EXPORT)",
    "roster": "roster CSV (default: course.yml paths.roster)",
    "state": "local state folder with the results database (default: paths.state, .deepgrade/)",
    "validate": "check the configuration and every assignment (solution full marks, stub not, stubs fresh)",
    "validate.weeks": "weeks to validate (default: all)",
    "validate.calibrate": "grade WEEK's reference on many seeds: each threshold test's worst metric and time",
    "validate.seeds": "seeds for --calibrate (default 20)",
    "stubgen": "generate student stubs (.py and .ipynb) from solutions/",
    "stubgen.weeks": "weeks (default: all)",
    "stubgen.check": "write nothing; exit 1 when a committed stub is stale",
    "release": "build the student bundle <export>/release/weekNN/ and its zip",
    "check": "a student's self-check: run the public tests on your files",
    "check.dir": "folder with your .py files or notebook (default: current folder)",
    "grade": "collect the inbox, grade new submissions, write every report",
    "grade.week": "grade only this week (repeatable; default: every week with an inbox folder)",
    "grade.jobs": "submissions graded in parallel (default: CPU count)",
    "grade.regrade": "grade every submission of the selected weeks again, even when a stored result for the same "
                     "files and graders exists (earlier results stay in the history)",
    "grade.allow_unisolated": "grade even where student code cannot be isolated (no user namespaces, macOS): "
                              "student code can then read your files and use the network; staff pages say so",
    "grade.executor": "where submissions are graded: local (--jobs processes here, the default) or dask (the "
                      "workers of a Dask distributed cluster, each with its own sandbox zygote)",
    "grade.scheduler": "the Dask scheduler for --executor dask, e.g. tcp://10.0.0.5:8786",
    "grade.student": "grade only this student (repeatable; with --regrade: again); everyone else keeps the week's "
                     "stored result, and their result is printed",
    "publish": "copy the export folder to the Drive folder of course.yml's publish.remote (through rclone; only "
               "changed files)",
    "publish.remote": "rclone remote and folder to publish to (default: course.yml publish.remote)",
    "publish.dry_run": "say what would be sent and deleted; change nothing",
    "report": "rebuild every report from stored results, without regrading",
    "not_a_week": "not a week number: {text!r} (expected e.g. 1, 01 or week01)",
    "not_whole": "not a whole number: {text!r} (expected e.g. 2)",
    "jobs_range": "{jobs} is out of range (expected 1 to {most}: up to 4 per CPU, this machine has {cpus})",
    "not_positive": "not a positive whole number: {text!r}",
    "week_not_scheduled": "week {week} is not in the schedule (expected one of: {weeks})",
    "week_no_assignment": "week {week} has no assignment yet (expected {folder}/{assignment}/assignment.yml; weeks "
                          "with one: {weeks})",
    "calibrate_one": "calibrates one week; name no other weeks (expected e.g. --calibrate 2)",
    "seeds_alone": "only goes with --calibrate WEEK (expected e.g. --calibrate 2 --seeds 20)",
    "executor_scheduler": "--executor dask and --scheduler ADDR go together (expected e.g. --executor dask "
                          "--scheduler tcp://10.0.0.5:8786)",
    "not_a_folder": "not a folder (expected the folder with your files)",
    "inbox_missing": "folder not found (expected the folder holding week01/, week02/, …; set --inbox, "
                     "DEEPGRADE_INBOX or paths.inbox in course.yml)",
    "no_publish": "no publish.remote (expected e.g. `publish: {remote: \"gdrive:DeepSession/2022-1\"}` in "
                  "course.yml, or --remote)",
    "cannot_write": "cannot write there ({why}); expected a writable folder",
    "stubs_attention": "{n} stub(s) need attention.",
    "stubgen_hint": " Run `deepgrade stubgen` to regenerate.",
    "released": "release written: {path}",
    "interrupted": "deepgrade: interrupted; everything graded so far is kept.",
    "internal_error": "deepgrade: internal error (a bug in deepgrade, not in your input); please report it with "
                      "the lines above.",
}
