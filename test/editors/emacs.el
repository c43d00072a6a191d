;;; emacs.el --- Emacs + eglot as an LSP client of the built virtplan server  -*- lexical-binding: t -*-
;; Opens a plan, waits for flymake diagnostics from the server, asks for a hover, and prints
;; one JSON line with what it got.
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'json)

(define-derived-mode virtplan-mode prog-mode "virtplan")
(add-to-list 'eglot-server-programs
             `(virtplan-mode . ("node" ,(getenv "VIRTPLAN_SERVER") "--stdio")))

(defun virtplan-finish (result)
  (princ (concat (json-encode result) "\n"))
  (kill-emacs 0))

(let ((plan (getenv "VIRTPLAN_PLAN"))
      (hover-line (string-to-number (getenv "VIRTPLAN_HOVER_LINE")))
      (hover-col (string-to-number (getenv "VIRTPLAN_HOVER_COL"))))
  (find-file plan)
  (virtplan-mode)
  ;; eglot-ensure waits for a command loop that batch mode never runs.
  (apply #'eglot (eglot--guess-contact))
  (let ((deadline (+ (float-time) 20)) diagnostics)
    (while (and (null (setq diagnostics (flymake-diagnostics))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (if (null diagnostics)
        (virtplan-finish '((error . "no diagnostics arrived")))
      (goto-char (point-min))
      (forward-line hover-line)
      (forward-char hover-col)
      (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (contents (plist-get hover :contents)))
        (virtplan-finish
         `((diagnostics . ,(vconcat (mapcar (lambda (d)
                                              `((message . ,(flymake-diagnostic-text d))
                                                (line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                                (text . ,(buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))))
                                            diagnostics)))
           (hover . ,(or (plist-get contents :value) ""))))))))
