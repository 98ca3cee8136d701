" crm scripts: *.crm, or a first line '#!/usr/bin/env crm'. Generated from crm's keywords and command registry (EditorGrammars.swift); do not edit.
autocmd BufRead,BufNewFile *.crm setfiletype crm
autocmd BufRead,BufNewFile * if getline(1) =~# '^#!.*\<crm\>' | setfiletype crm | endif
