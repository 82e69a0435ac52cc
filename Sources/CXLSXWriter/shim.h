// libxlsxwriter (Debian's libxlsxwriter-dev), for writing .xlsx workbooks
// (SuanpanExport/XLSXWriter.swift).
#include <xlsxwriter.h>
