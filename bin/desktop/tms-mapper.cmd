@echo off
rem tms-mapper: the desktop app's command line on Windows - the bundled CLI run by the app's own runtime (Electron as Node).
rem Installed in <install dir>\resources\bin; add that folder to PATH.
setlocal
set "RES=%~dp0.."
set "ELECTRON_RUN_AS_NODE=1"
"%RES%\..\TMS Mapper.exe" "%RES%\app.asar\out\main\cli.js" %*
exit /b %ERRORLEVEL%
