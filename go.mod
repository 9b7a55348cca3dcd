module github.com/rapporthq/rapport

go 1.26.8
