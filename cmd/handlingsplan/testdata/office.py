"""A headless LibreOffice for the fixture scripts: open a document over UNO, save it."""
import os, subprocess, tempfile, time
import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p


class Office:
    """Starts soffice with a private profile and opens src hidden, as a user's program would."""

    def __init__(self, src, pipe="hpfixtures"):
        profile = tempfile.mkdtemp(prefix="lo-fill-")
        self.proc = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                                      "--norestore", "--accept=pipe,name=%s;urp;" % pipe])
        ctx = None
        for _ in range(60):
            try:
                local = uno.getComponentContext()
                resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.5)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                                     (prop("Hidden", True),))

    def save(self, dst, filter_name):
        """Saves with the named export filter and shuts LibreOffice down."""
        self.doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", filter_name),))
        self.doc.close(True)
        try:
            self.desktop.terminate()
        except Exception:
            pass
        self.proc.wait(timeout=30)
