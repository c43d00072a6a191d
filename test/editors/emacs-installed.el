;;; emacs-installed.el --- runs after the README's set-up is loaded  -*- lexical-binding: t -*-
;; Opens the plan given in VIRTPLAN_PLAN, starts eglot as eglot-ensure would in an interactive
;; Emacs, waits for flymake diagnostics and prints one JSON line with what the editor did.
(require 'json)
(find-file (getenv "VIRTPLAN_PLAN"))
;; eglot-ensure waits for a command loop that batch mode never runs.
(apply #'eglot (eglot--guess-contact))
(let ((deadline (+ (float-time) 20)) diagnostics)
  (while (and (null (setq diagnostics (flymake-diagnostics))) (< (float-time) deadline))
    (accept-process-output nil 0.1))
  (princ (concat (json-encode
                  `((mode . ,(symbol-name major-mode))
                    (command . ,(vconcat (process-command (jsonrpc--process (eglot-current-server)))))
                    (messages . ,(vconcat (mapcar #'flymake-diagnostic-text diagnostics)))))
                 "\n"))
  (kill-emacs 0))
