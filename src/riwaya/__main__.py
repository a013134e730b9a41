from riwaya.cli import run

run()
